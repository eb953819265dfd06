/**
 * A licence certificate for one of the deal's parties (the licensee, the work's managers) or
 * staff who review deals. Anyone else gets null — the same answer as a missing deal, so deal
 * references cannot be probed.
 */
import { managesWork } from "~/domain/access/work-managers.server";
import { prisma } from "~/utils/db.server";
import { hasPermission } from "~/utils/permissions";
import { certificateFileOf } from "./get-certificate-file.server";

export async function getLicenseCertificate({ reference, user }: { reference: string; user: { id: string; roles: string[] } }) {
  const deal = await prisma.deal.findUnique({
    where: { reference },
    include: { work: { include: { ownerOrg: true } }, licensee: { select: { name: true } }, certificate: { include: { batch: true } } },
  });
  if (!deal) return null;
  const allowed = deal.licenseeId === user.id || hasPermission(user.roles, "deal:review") || (await managesWork(prisma, user.id, deal.workId));
  if (!allowed || !deal.certificate || deal.certificate.kind !== "license") return null;
  return { deal, file: certificateFileOf(deal.certificate) };
}
