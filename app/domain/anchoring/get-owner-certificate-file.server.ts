/**
 * The owner's copy of a registration certificate: the public file plus the title opening (salt,
 * titleZh, titleEn) that proves which title the certificate's commitment hides. Only for whoever
 * manages the work; anyone else gets null, the same answer as for a missing number.
 */
import { managesWork } from "~/domain/access/work-managers.server";
import { prisma } from "~/utils/db.server";
import type { Hex32 } from "./merkle";
import { certificateFileOf, getRegistrationCertificate } from "./get-certificate-file.server";

export async function getOwnerCertificateFile({ registrationNumber, user }: { registrationNumber: string; user: { id: string } }) {
  const got = await getRegistrationCertificate({ registrationNumber });
  if (!got || !(await managesWork(prisma, user.id, got.work.id))) return null;
  if (!("titleCommitment" in got.file.record)) return got; // format 1: nothing to open
  const salt = await prisma.workTitleSalt.findUnique({ where: { workId: got.work.id } });
  if (!salt) return got;
  // The opening must reproduce the signed commitment: titles edited after registration do not.
  try {
    const file = certificateFileOf(got.row, { titleOpening: { salt: salt.salt as Hex32, titleZh: got.work.titleZh, titleEn: got.work.titleEn } });
    return { ...got, file };
  } catch {
    return got;
  }
}
