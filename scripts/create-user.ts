/**
 * Create an officer or admin (or any role) from the command line:
 *   npm run create-user -- --role officer --email li@example.cn --name "李审查" [--password ...]
 * Without --password a strong one is generated and printed once.
 */
// First: what this writes under DATA_DIR (database, images, secrets) is 0600 / folders 0700.
import "~/utils/private-files.server";
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { getEnv } from "~/utils/env.server";
import { applyMigrations, syncRolesAndPermissions } from "~/startup/prepare-database.server";
import { getDb } from "~/utils/db.server";
import { signUp } from "~/domain/accounts/sign-up.server";
import { emailSchema, nameSchema, passwordSchema } from "~/domain/accounts/schemas";
import { ROLES, type RoleName } from "~/utils/permissions";
import { translate } from "~/utils/i18n";

const { values } = parseArgs({
  options: { role: { type: "string" }, email: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
});

function fail(msg: string): never {
  console.error(msg);
  process.exit(1);
}

const role = values.role as RoleName | undefined;
if (!role || !ROLES.includes(role)) fail(`--role must be one of: ${ROLES.join(", ")}`);
const email = emailSchema.safeParse(values.email ?? "");
if (!email.success) fail("--email: " + translate("en", email.error.issues[0].message));
const name = nameSchema.safeParse(values.name ?? values.email ?? "");
if (!name.success) fail("--name: " + translate("en", name.error.issues[0].message));
const generated = !values.password;
const password = values.password ?? crypto.randomBytes(12).toString("base64url");
const pw = passwordSchema.safeParse(password);
if (!pw.success) fail("--password: " + translate("en", pw.error.issues[0].message));

const env = getEnv();
await applyMigrations(env.DATABASE_URL);
const db = getDb();
await syncRolesAndPermissions(db);
try {
  const user = await signUp({ db, name: name.data, email: email.data, password, role, locale: "zh-CN", actorId: null, emailVerified: true });
  console.log(`Created ${role} ${user.email}${generated ? ` with password: ${password}` : ""}`);
} catch (e) {
  fail(e instanceof Error && "messageKey" in e ? translate("en", (e as { messageKey: string }).messageKey) : String(e));
} finally {
  await db.$disconnect();
}
