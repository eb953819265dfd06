/**
 * Gives the works the catalog bench opens the certificate every registered work has: issued by
 * the app's own `issueRegistrationCertificate` (the record built from the rows, signed by the
 * registry key of DATA_DIR, stored with its leaf and audit event), so the work page pays for
 * checking it exactly as it does in production. Works that have one are left alone.
 *
 *   DATA_DIR=… DATABASE_URL=… tsx scripts/bench/certify-works.ts < numbers.txt   (one number per line)
 *
 * Run by scripts/bench/catalog.ts; prints `{"issued":n,"ms":t}`.
 */
import fs from "node:fs";
import { issueRegistrationCertificate } from "~/domain/anchoring/issue-certificates.server";
import { prisma } from "~/utils/db.server";

const numbers = fs
  .readFileSync(0, "utf8")
  .split("\n")
  .map((s) => s.trim())
  .filter(Boolean);
const t0 = performance.now();
let issued = 0;
for (let at = 0; at < numbers.length; at += 200) {
  const works = await prisma.work.findMany({
    where: { registrationNumber: { in: numbers.slice(at, at + 200) }, status: "registered", certificates: { none: {} } },
    select: { id: true },
  });
  for (const w of works) await prisma.$transaction((tx) => issueRegistrationCertificate({ tx, workId: w.id }));
  issued += works.length;
}
console.log(JSON.stringify({ issued, ms: Math.round(performance.now() - t0) }));
await prisma.$disconnect();
