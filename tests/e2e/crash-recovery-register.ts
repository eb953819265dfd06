/**
 * Child process of crash-recovery.test.ts: an officer registers the given submitted works
 * through the registry's own use-case, in a process other than the server (as a second app
 * instance would). Env: DATABASE_URL, DATA_DIR. Args: officer e-mail, work ids.
 */
import { registerWork } from "~/domain/registry/register-work.server";
import { getDb } from "~/utils/db.server";

const [officerEmail, ...workIds] = process.argv.slice(2);
const db = getDb();
const officer = await db.user.findUniqueOrThrow({ where: { email: officerEmail }, select: { id: true } });
for (const workId of workIds) await registerWork({ officerId: officer.id, workId });
await db.$disconnect();
console.log(`registered ${workIds.length}`);
process.exit(0);
