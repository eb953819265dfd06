/**
 * The public catalog under load at a given size (issue 12).
 *
 *   npm run bench:catalog -- [--works 100000] [--db sqlite|postgres] [--duration 10]
 *                            [--connections 50] [--app-dir <checkout>] [--data-dir <dir>] [--keep]
 *                            [--pg-server postgresql://postgres@127.0.0.1:5432/postgres] [--page-cache-mb 64]
 *
 * --db postgres makes a fresh database on --pg-server (kept with --keep, as kilnmark_bench_<n>),
 * grows it the same way through the PostgreSQL schema (its triggers fill the search documents and
 * facet counts), and serves it with DATABASE_URL=postgresql://….
 *
 * 1. Starts the production server once on a fresh data dir (migrations + demo seed), stops it.
 * 2. Grows the database to --works registered works through the real schema: raw INSERTs into
 *    Work, Author and WorkView in one transaction (the catalog's search table and facet counts
 *    are filled by the migration's triggers, exactly as for works the app registers). Front views
 *    reuse the demo photos, so catalog pages show real images. The ~1,000 works the work-page
 *    route opens then get their signed certificate through the app's own issuer
 *    (certify-works.ts), as every registered work has one: the page checks it on first view.
 * 3. `remix build` in --app-dir (default: this checkout), starts `server.ts` from there on the
 *    grown database, and drives each route with autocannon (50 connections, --duration s each,
 *    after a warm-up: 2 s at 10 connections, or for the work page each of its ~1,000 pages opened
 *    once at 50 connections, reported as the row "works/:no first visits"), one route after the
 *    other in the same run.
 * Prints a table, then a last line of JSON: requests/s and latency percentiles per route.
 *
 * --app-dir lets the same database and load be pointed at another checkout (a "before" run:
 * `git archive <commit> | tar -x -C /tmp/before`, then symlink node_modules into it).
 * --data-dir reuses a grown data dir (grows it further if smaller than --works); --keep keeps it.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import pg from "pg";
import { formatRegistrationNumber } from "~/domain/registry/registration-number";
import { TECHNIQUES, WORK_CATEGORIES } from "~/domain/registry/vocabulary";
import { POSTGRES_SESSION_OPTIONS } from "~/utils/db.server";
import { spawnServer, type SpawnedServer } from "../../tests/setup/spawn-server";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1]!.startsWith("--") ? process.argv[i + 1]! : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const works = Number(arg("works", "100000"));
const dbKind = arg("db", "sqlite");
const duration = Number(arg("duration", "10"));
const connections = Number(arg("connections", "50"));
const appDir = path.resolve(arg("app-dir", process.cwd()));
const keep = flag("keep");
const pgServer = arg("pg-server", "postgresql://postgres@127.0.0.1:5432/postgres");
/** The anonymous page cache's memory in the served app (decision 016); 0 measures every request rendered. */
const pageCacheMb = arg("page-cache-mb", process.env.PUBLIC_PAGE_CACHE_MB ?? "64");
/** The served database: the SQLite file in the data dir, or the PostgreSQL database made for the run. */
let databaseUrl = "";

/** Words the generated titles and descriptions are made of; the searched words are among them. */
const GLAZES = ["青花", "粉彩", "斗彩", "颜色釉", "青白瓷", "釉里红", "玲珑", "新彩", "窑变", "影青"];
const MOTIFS = ["缠枝莲纹", "牡丹纹", "山水", "婴戏图", "鱼藻纹", "竹石", "花鸟", "龙纹", "梅雀", "云鹤"];
const FORMS = ["梅瓶", "玉壶春瓶", "盘", "碗", "茶盏", "罐", "盖碗", "笔筒", "赏瓶", "杯"];
const EN_GLAZES = ["Blue-and-white", "Famille-rose", "Doucai", "Monochrome", "Qingbai", "Underglaze-red", "Rice-grain", "New-colour", "Flambé", "Shadow-blue"];
const EN_MOTIFS = [
  "lotus scroll",
  "peony",
  "landscape",
  "children at play",
  "fish and weeds",
  "bamboo and rock",
  "birds and flowers",
  "dragon",
  "plum and magpie",
  "cloud and crane",
];
const EN_FORMS = ["meiping", "pear-shaped vase", "plate", "bowl", "tea bowl", "jar", "gaiwan", "brush pot", "display vase", "cup"];
const SURNAMES = ["陈", "王", "李", "张", "刘", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马"];
const GIVEN = ["青", "白", "明", "华", "瓷", "山", "云", "清", "宁", "安", "德", "景", "泉", "松", "兰", "竹"];
const OWNERS = 300;

const ROUTES = (numbers: string[]) => [
  { name: "healthcheck", path: "/resources/healthcheck" },
  { name: "works", path: "/works" },
  { name: "works?q=缠枝莲", path: `/works?q=${encodeURIComponent("缠枝莲")}` },
  { name: "works?q=瓶 (1 char)", path: `/works?q=${encodeURIComponent("瓶")}` },
  { name: "works?q=000005", path: "/works?q=000005" },
  { name: "works?page=500", path: "/works?page=500" },
  { name: "works/:no", path: `/works/${numbers[0]}`, paths: numbers.map((n) => `/works/${n}`) },
];

function startServer(dataDir: string) {
  return spawnServer({ dataDir, databaseUrl, cwd: appDir, timeoutMs: 300_000, env: { PUBLIC_PAGE_CACHE_MB: pageCacheMb } });
}

const pick = <T>(xs: readonly T[], r: number) => xs[r % xs.length]!;

type BenchOwner = { id: string; name: string };
type BenchWork = {
  id: string;
  visibility: string;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  category: string;
  techniques: string;
  heightMm: number;
  widthMm: number;
  owner: BenchOwner;
  maker: string;
  number: string;
  at: Date;
  view: Record<string, unknown>;
};

/** The i-th of `need` generated works, numbered on from `sequences` (updated), registered at a time spread over ~3 years. */
function benchWork(
  i: number,
  need: number,
  ctx: { owners: BenchOwner[]; sequences: Map<number, number>; frontViews: Record<string, unknown>[]; start: number; span: number; id: () => string },
): BenchWork {
  const r = crypto.randomInt(1 << 30);
  const at = new Date(ctx.start + Math.floor((ctx.span * i) / Math.max(1, need)));
  const year = at.getUTCFullYear();
  const seq = (ctx.sequences.get(year) ?? 0) + 1;
  ctx.sequences.set(year, seq);
  const [g, m, f] = [r % 10, Math.floor(r / 10) % 10, Math.floor(r / 100) % 10];
  const maker = pick(SURNAMES, r >> 3) + pick(GIVEN, r >> 7) + pick(GIVEN, r >> 11);
  return {
    id: ctx.id(),
    visibility: r % 20 === 0 ? "sealed" : "public",
    titleZh: `${GLAZES[g]}${MOTIFS[m]}${FORMS[f]}`,
    titleEn: `${EN_GLAZES[g]} ${EN_MOTIFS[m]} ${EN_FORMS[f]}`,
    descriptionZh: `${maker}制作，${GLAZES[g]}装饰，${MOTIFS[m]}。景德镇手工拉坯，柴窑烧成。编号 ${i}。`,
    descriptionEn: `Made by hand in Jingdezhen: ${EN_GLAZES[g]} decoration, ${EN_MOTIFS[m]}, wood-fired. Piece ${i}.`,
    category: pick(WORK_CATEGORIES, r >> 5),
    techniques: JSON.stringify([pick(TECHNIQUES, r >> 9), pick(TECHNIQUES, r >> 13)].filter((x, j, a) => a.indexOf(x) === j)),
    heightMm: 100 + (r % 400),
    widthMm: 80 + (r % 300),
    owner: ctx.owners[Math.floor(r / 1000) % ctx.owners.length]!,
    maker,
    number: formatRegistrationNumber(year, seq),
    at,
    view: ctx.frontViews[r % ctx.frontViews.length]!,
  };
}

/** Registration numbers the /works/:no route cycles through: about a thousand spread over the grown ones. */
const keepNumber = (i: number, need: number) => i % Math.max(1, Math.floor(need / 1000)) === 0;

/** Adds registered works until the catalog holds `target`; returns some registration numbers. */
function grow(file: string, target: number): { added: number; ms: number; numbers: string[] } {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = OFF");
  const t0 = performance.now();
  const count = () =>
    (db.prepare(`SELECT count(*) AS n FROM "Work" WHERE "status" = 'registered' AND "registrationNumber" IS NOT NULL`).get() as { n: number }).n;
  const have = count();
  const need = Math.max(0, target - have);
  const frontViews = db
    .prepare(
      `SELECT v."sha256", v."pdq", v."pdqQuality", v."pdqDihedral", v."phash", v."width", v."height", v."sizeBytes", v."mime", v."storageKey" FROM "WorkView" v WHERE v."kind" = 'front'`,
    )
    .all() as Record<string, unknown>[];
  if (!frontViews.length) throw new Error("the demo seed made no views to reuse");
  const userCols = db.prepare(`PRAGMA table_info("User")`).all() as { name: string; notnull: number; dflt_value: unknown; pk: number }[];
  const required = userCols.filter((c) => c.notnull && c.dflt_value === null && !["id", "email", "name", "passwordHash", "updatedAt"].includes(c.name));
  if (required.length) throw new Error(`User has required columns this bench does not fill: ${required.map((c) => c.name).join(", ")}`);
  const now = new Date();
  const insertUser = db.prepare(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES (?, ?, ?, ?, ?)`);
  const insertWork =
    db.prepare(`INSERT INTO "Work" ("id", "status", "visibility", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "category", "techniques", "heightMm", "widthMm",
    "ownerUserId", "ownerName", "createdById", "registrationNumber", "submittedAt", "registeredAt", "createdAt", "updatedAt")
    VALUES (?, 'registered', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertAuthor = db.prepare(`INSERT INTO "Author" ("id", "workId", "name", "nameEn", "role", "order") VALUES (?, ?, ?, ?, ?, 0)`);
  const insertView =
    db.prepare(`INSERT INTO "WorkView" ("id", "workId", "kind", "order", "sha256", "pdq", "pdqQuality", "pdqDihedral", "phash", "width", "height", "sizeBytes", "mime", "storageKey", "originalName", "createdAt")
    VALUES (?, ?, 'front', 0, @sha256, @pdq, @pdqQuality, @pdqDihedral, @phash, @width, @height, @sizeBytes, @mime, @storageKey, 'bench.jpg', ?)`);
  const sequences = new Map<number, number>(
    (db.prepare(`SELECT "year", "last" FROM "YearlySequence" WHERE "scope" = 'registration'`).all() as { year: number; last: number }[]).map((r) => [
      r.year,
      r.last,
    ]),
  );
  const setSequence = db.prepare(
    `INSERT INTO "YearlySequence" ("scope", "year", "last") VALUES ('registration', ?, ?) ON CONFLICT ("scope", "year") DO UPDATE SET "last" = excluded."last"`,
  );
  const id = () => "bench" + crypto.randomBytes(10).toString("hex");
  // Registration times spread over the last ~3 years, in order (numbers rise with time per year).
  const start = Date.UTC(now.getUTCFullYear() - 2, 0, 1);
  const span = now.getTime() - 60_000 - start;
  const numbers: string[] = [];
  db.transaction(() => {
    const owners: { id: string; name: string }[] = [];
    for (let i = 0; i < OWNERS; i++) {
      const name = pick(SURNAMES, i) + pick(GIVEN, i * 7 + 3) + pick(GIVEN, i * 13 + 5);
      const uid = id();
      insertUser.run(uid, `bench-owner-${i}-${uid.slice(-6)}@bench.kilnmark`, name, "!", now.toISOString().replace("Z", "+00:00"));
      owners.push({ id: uid, name });
    }
    for (let i = 0; i < need; i++) {
      const w = benchWork(i, need, { owners, sequences, frontViews, start, span, id });
      if (keepNumber(i, need)) numbers.push(w.number);
      const iso = w.at.toISOString().replace("Z", "+00:00"); // as Prisma's SQLite adapter writes it
      // The maker first (foreign keys are off while growing), so the work's insert trigger writes
      // its search row once, makers included, instead of the author trigger rewriting it.
      insertAuthor.run(id(), w.id, w.maker, "", "设计");
      const { owner } = w;
      insertWork.run(
        w.id,
        w.visibility,
        w.titleZh,
        w.titleEn,
        w.descriptionZh,
        w.descriptionEn,
        w.category,
        w.techniques,
        w.heightMm,
        w.widthMm,
        owner.id,
        owner.name,
        owner.id,
        w.number,
        iso,
        iso,
        iso,
        iso,
      );
      insertView.run(id(), w.id, w.view, iso);
    }
    for (const [year, last] of sequences) setSequence.run(year, last);
  })();
  // The demo works and a spread of grown ones: the /works/:no route cycles through them.
  if (!numbers.length)
    numbers.push(
      ...(db.prepare(`SELECT "registrationNumber" AS n FROM "Work" WHERE "registrationNumber" IS NOT NULL LIMIT 1000`).all() as { n: string }[]).map(
        (x) => x.n,
      ),
    );
  db.pragma("optimize");
  db.close();
  return { added: need, ms: performance.now() - t0, numbers };
}

/** The same growth on PostgreSQL: batched multi-row INSERTs in one transaction, then the catalog tables rebuilt. */
async function growPostgres(url: string, target: number): Promise<{ added: number; ms: number; numbers: string[] }> {
  const db = new pg.Client({ connectionString: url, options: POSTGRES_SESSION_OPTIONS });
  await db.connect();
  const t0 = performance.now();
  try {
    const have = Number((await db.query(`SELECT count(*) AS n FROM "Work" WHERE "status" = 'registered' AND "registrationNumber" IS NOT NULL`)).rows[0].n);
    const need = Math.max(0, target - have);
    const frontViews = (
      await db.query(
        `SELECT "sha256", "pdq", "pdqQuality", "pdqDihedral", "phash", "width", "height", "sizeBytes", "mime", "storageKey" FROM "WorkView" WHERE "kind" = 'front'`,
      )
    ).rows;
    if (!frontViews.length) throw new Error("the demo seed made no views to reuse");
    const sequences = new Map<number, number>(
      (await db.query(`SELECT "year", "last" FROM "YearlySequence" WHERE "scope" = 'registration'`)).rows.map((r) => [Number(r.year), Number(r.last)]),
    );
    const id = () => "bench" + crypto.randomBytes(10).toString("hex");
    const now = new Date();
    const start = Date.UTC(now.getUTCFullYear() - 2, 0, 1);
    const span = now.getTime() - 60_000 - start;
    const numbers: string[] = [];
    await db.query("BEGIN");
    // Bulk load: row triggers off for this session (superuser), the derived catalog tables rebuilt
    // set-based at the end by the migration's kilnmark_rebuild_catalog() — the state the triggers
    // would have left, at a fraction of the cost.
    await db.query("SET LOCAL session_replication_role = replica");
    const owners: { id: string; name: string }[] = [];
    for (let i = 0; i < OWNERS; i++) {
      const name = pick(SURNAMES, i) + pick(GIVEN, i * 7 + 3) + pick(GIVEN, i * 13 + 5);
      const uid = id();
      await db.query(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES ($1, $2, $3, '!', now())`, [
        uid,
        `bench-owner-${i}-${uid.slice(-6)}@bench.kilnmark`,
        name,
      ]);
      owners.push({ id: uid, name });
    }
    const BATCH = 500;
    for (let from = 0; from < need; from += BATCH) {
      const cols: Record<string, unknown[]> = {};
      const push = (k: string, v: unknown) => (cols[k] ??= []).push(v);
      for (let i = from; i < Math.min(need, from + BATCH); i++) {
        const w = benchWork(i, need, { owners, sequences, frontViews, start, span, id });
        if (keepNumber(i, need)) numbers.push(w.number);
        for (const [k, v] of Object.entries({
          id: w.id,
          visibility: w.visibility,
          titleZh: w.titleZh,
          titleEn: w.titleEn,
          descriptionZh: w.descriptionZh,
          descriptionEn: w.descriptionEn,
          category: w.category,
          techniques: w.techniques,
        }))
          push(k, v);
        push("owner", w.owner.id);
        push("ownerName", w.owner.name);
        push("number", w.number);
        push("at", w.at.toISOString());
        push("authorId", id());
        push("maker", w.maker);
        push("viewId", id());
        push("view", JSON.stringify(w.view));
      }
      await db.query(
        `INSERT INTO "Work" ("id", "status", "visibility", "titleZh", "titleEn", "descriptionZh", "descriptionEn", "category", "techniques", "heightMm", "widthMm",
           "ownerUserId", "ownerName", "createdById", "registrationNumber", "submittedAt", "registeredAt", "createdAt", "updatedAt")
         SELECT w.id, 'registered', w.visibility, w."titleZh", w."titleEn", w."descriptionZh", w."descriptionEn", w.category, w.techniques, 200, 150,
           w.owner, w."ownerName", w.owner, w.number, w.at::timestamp, w.at::timestamp, w.at::timestamp, w.at::timestamp
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
           AS w(id, visibility, "titleZh", "titleEn", "descriptionZh", "descriptionEn", category, techniques, owner, "ownerName", number, at)`,
        [
          cols.id,
          cols.visibility,
          cols.titleZh,
          cols.titleEn,
          cols.descriptionZh,
          cols.descriptionEn,
          cols.category,
          cols.techniques,
          cols.owner,
          cols.ownerName,
          cols.number,
          cols.at,
        ],
      );
      await db.query(
        `INSERT INTO "Author" ("id", "workId", "name", "nameEn", "role", "order") SELECT a.id, a.work, a.maker, '', '设计', 0 FROM unnest($1::text[], $2::text[], $3::text[]) AS a(id, work, maker)`,
        [cols.authorId, cols.id, cols.maker],
      );
      await db.query(
        `INSERT INTO "WorkView" ("id", "workId", "kind", "order", "sha256", "pdq", "pdqQuality", "pdqDihedral", "phash", "width", "height", "sizeBytes", "mime", "storageKey", "originalName", "createdAt")
         SELECT v.id, v.work, 'front', 0, j->>'sha256', j->>'pdq', (j->>'pdqQuality')::int, j->>'pdqDihedral', j->>'phash', (j->>'width')::int, (j->>'height')::int, (j->>'sizeBytes')::int, j->>'mime', j->>'storageKey', 'bench.jpg', v.at::timestamp
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[]) AS v(id, work, j, at)`,
        [cols.viewId, cols.id, cols.view, cols.at],
      );
      if ((from / BATCH) % 20 === 0) console.error(`  ${from + BATCH} / ${need}`);
    }
    for (const [year, last] of sequences) {
      await db.query(
        `INSERT INTO "YearlySequence" ("scope", "year", "last") VALUES ('registration', $1, $2) ON CONFLICT ("scope", "year") DO UPDATE SET "last" = excluded."last"`,
        [year, last],
      );
    }
    await db.query("SET LOCAL session_replication_role = origin");
    await db.query(`SELECT "kilnmark_rebuild_catalog"()`);
    await db.query("COMMIT");
    // What autovacuum does soon after a bulk load: statistics, and the visibility map that lets
    // the catalog's covering index answer a page without visiting the table (index-only scan).
    await db.query("VACUUM (ANALYZE)");
    if (!numbers.length)
      numbers.push(
        ...(await db.query(`SELECT "registrationNumber" AS n FROM "Work" WHERE "registrationNumber" IS NOT NULL LIMIT 1000`)).rows.map((x) => x.n as string),
      );
    return { added: need, ms: performance.now() - t0, numbers };
  } finally {
    await db.end();
  }
}

type Row = { route: string; rps: number; p50: number; p99: number; max: number; requests: number; non2xx: number; errors: number; timeouts: number };

function toRow(name: string, r: autocannon.Result): Row {
  return {
    route: name,
    rps: Math.round(r.requests.average * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

/**
 * One route: a warm-up, then `duration` seconds at `connections`. A route that cycles through
 * many pages (the work page: ~1,000 works) is warmed up by opening each of its pages once, 50 at
 * a time, and that pass is a row of its own ("… first visits": every request a first render and,
 * on the work page, a first certificate check); the timed run after it measures the pages as
 * visitors meet them once each was opened since the last change. Before 1 Dec the warm-up was
 * 2 s at 10 connections, which opened some of the pages and left the rest to the timed run.
 */
async function drive(url: string, route: { name: string; path: string; paths?: string[] }): Promise<Row[]> {
  const cycle = (paths: string[]) => {
    let i = 0;
    return [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[i++ % paths.length] }) }] as unknown as autocannon.Request[];
  };
  const rows: Row[] = [];
  if (route.paths) {
    const first = await autocannon({ url: url + route.path, connections, amount: route.paths.length, timeout: 30, requests: cycle(route.paths) });
    rows.push(toRow(`${route.name} first visits`, first));
  } else {
    await autocannon({ url: url + route.path, connections: 10, duration: 2, timeout: 30 }); // warm-up
  }
  const r = await autocannon({
    url: url + route.path,
    connections,
    duration,
    timeout: 30,
    requests: route.paths ? cycle(route.paths) : undefined,
  });
  rows.push(toRow(route.name, r));
  return rows;
}

async function main() {
  if (dbKind !== "sqlite" && dbKind !== "postgres") {
    console.error(`--db ${dbKind}: expected sqlite or postgres`);
    process.exit(2);
  }
  const given = arg("data-dir", "");
  const dataDir = given ? path.resolve(given) : fs.mkdtempSync(path.join(os.tmpdir(), "kilnmark-bench-catalog-"));
  fs.mkdirSync(dataDir, { recursive: true });
  let server: SpawnedServer | undefined;
  let pgDatabase = "";
  const pgAdmin = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgServer });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  };
  if (dbKind === "postgres") {
    // One database per data dir, so --data-dir reuses a grown PostgreSQL database too.
    pgDatabase = `kilnmark_bench_${crypto.createHash("sha256").update(dataDir).digest("hex").slice(0, 10)}`;
    if (!(await pgAdmin(`SELECT 1 FROM pg_database WHERE datname = '${pgDatabase}'`)).rowCount)
      await pgAdmin(`CREATE DATABASE "${pgDatabase}" TEMPLATE template0 ENCODING 'UTF8'`);
    const u = new URL(pgServer);
    u.pathname = `/${pgDatabase}`;
    databaseUrl = u.toString();
  } else {
    databaseUrl = `file:${path.join(dataDir, "bench.db")}`;
  }
  const cleanup = async () => {
    if (server) await server.stop();
    if (!keep && !given) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (pgDatabase) await pgAdmin(`DROP DATABASE IF EXISTS "${pgDatabase}" WITH (FORCE)`);
    }
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
  try {
    if (!flag("no-build")) {
      console.error(`building ${appDir} …`);
      execFileSync("npx", ["remix", "build"], { cwd: appDir, stdio: ["ignore", "ignore", "inherit"] });
    }
    const file = path.join(dataDir, "bench.db");
    const seeded = path.join(dataDir, ".bench-seeded");
    if (!fs.existsSync(seeded) && !(dbKind === "sqlite" && fs.existsSync(file))) {
      console.error("first start: migrations and demo seed …");
      const first = await startServer(dataDir);
      await first.stop();
      fs.writeFileSync(seeded, "");
    }
    console.error(`growing to ${works} registered works …`);
    const grown = dbKind === "postgres" ? await growPostgres(databaseUrl, works) : grow(file, works);
    console.error(`added ${grown.added} works in ${(grown.ms / 1000).toFixed(1)} s`);
    const certified = execFileSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "certify-works.ts")], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      input: grown.numbers.join("\n"),
      env: { ...process.env, NODE_ENV: "production", DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
      stdio: ["pipe", "pipe", "inherit"],
    });
    console.error(`certificates for the works the bench opens: ${certified.toString().trim()}`);
    const started = await startServer(dataDir);
    server = started;
    const health = (await (await fetch(`${started.url}/resources/healthcheck`)).json()) as { works?: number };
    const rows: Row[] = [];
    for (const route of ROUTES(grown.numbers)) {
      console.error(`${route.name} …`);
      rows.push(...(await drive(started.url, route)));
    }
    const base = rows[0]!.rps;
    console.log(
      `\ncatalog bench: ${works} registered works (${health.works ?? "?"} rows in Work), ${dbKind}, ${connections} connections × ${duration} s per route, Node ${process.version}, ${os.cpus().length} cores, ${new Date().toISOString()}`,
    );
    console.log(
      [
        "route".padEnd(22),
        "req/s".padStart(8),
        "% base".padStart(7),
        "p50 ms".padStart(7),
        "p99 ms".padStart(7),
        "max ms".padStart(7),
        "non2xx".padStart(7),
        "errors".padStart(7),
      ].join(" "),
    );
    for (const r of rows) {
      console.log(
        [
          r.route.padEnd(22),
          String(r.rps).padStart(8),
          `${Math.round((100 * r.rps) / base)}%`.padStart(7),
          String(r.p50).padStart(7),
          String(r.p99).padStart(7),
          String(r.max).padStart(7),
          String(r.non2xx).padStart(7),
          String(r.errors + r.timeouts).padStart(7),
        ].join(" "),
      );
    }
    console.log(
      JSON.stringify({
        bench: "catalog",
        db: dbKind,
        works,
        connections,
        durationSeconds: duration,
        pageCacheMb: Number(pageCacheMb),
        node: process.version,
        cores: os.cpus().length,
        appDir,
        date: new Date().toISOString(),
        routes: Object.fromEntries(
          rows.map((r) => [
            r.route,
            {
              rps: r.rps,
              ratioToHealthcheck: Math.round((100 * r.rps) / base) / 100,
              p50: r.p50,
              p99: r.p99,
              max: r.max,
              non2xx: r.non2xx,
              errors: r.errors,
              timeouts: r.timeouts,
            },
          ]),
        ),
      }),
    );
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
