/**
 * Child process of crash-safety.test.ts: a transaction that reads, waits, then writes — what a
 * server request does while an import script writes beside it. Prints "ready" once its
 * transaction has begun, then "ok" or the error.
 */
import { createPrismaClient } from "~/utils/db.server";

const db = createPrismaClient(process.env.DATABASE_URL!);
try {
  await db.$transaction(
    async (tx) => {
      await tx.viewIndexChange.count();
      console.log("ready");
      await new Promise((r) => setTimeout(r, 800));
      await tx.viewIndexChange.create({ data: { viewId: "child" } });
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
  console.log("ok");
} catch (e) {
  console.log("failed", String(e).slice(-300));
} finally {
  await db.$disconnect();
}
