/**
 * The PostgreSQL schema is derived from prisma/schema.prisma (the one source of the data model):
 * the same models with `provider = "postgresql"` and a client generated into
 * node_modules/.prisma/client-postgres. `npm run prisma:generate` writes it and generates both
 * clients; postgres-schema.test.ts fails when the committed copy is stale.
 *
 *   npx tsx scripts/postgres-schema.ts          # write prisma/postgres/schema.prisma
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join("prisma", "postgres", "schema.prisma");

const HEADER = `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.ts — do not edit by hand.
// The same data model for PostgreSQL (DATABASE_URL=postgresql://…): its own generated client and
// its own migrations (prisma/migrations-postgres), applied at start-up like SQLite's.
`;

export function postgresSchema(sqliteSchema: string): string {
  const replace = (text: string, from: RegExp, to: string) => {
    if (!from.test(text)) throw new Error(`postgres-schema: ${from} not found in ${SQLITE_SCHEMA}`);
    return text.replace(from, to);
  };
  let out = replace(sqliteSchema, /provider = "sqlite"/, `provider = "postgresql"`);
  out = replace(out, /url(\s+)= "file:[^"]*"/, `url$1= "postgresql://localhost/kilnmark"`);
  out = replace(out, /(generator client \{[^}]*?engineType = "client"\n)/, `$1  output     = "../../node_modules/.prisma/client-postgres"\n`);
  return HEADER + out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const next = postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const prev = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : "";
  if (prev !== next) {
    fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
    fs.writeFileSync(POSTGRES_SCHEMA, next);
    console.log(`wrote ${POSTGRES_SCHEMA}`);
  }
}
