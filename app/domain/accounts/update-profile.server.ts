import type { PrismaClient } from "@prisma/client";
import type { z } from "zod";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { profileSchema } from "./schemas";

export { profileSchema };

export async function updateProfile({ db, userId, values }: { db: PrismaClient; userId: string; values: z.infer<typeof profileSchema> }) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: userId },
      data: {
        name: values.name,
        locale: values.locale,
        companyName: values.companyName || null,
        companyUscc: values.companyUscc || null,
        country: values.country || null,
        address: values.address || null,
        phone: values.phone || null,
      },
    });
    await recordAuditEvent(tx, { actorId: userId, action: "user.profile_updated", entityId: userId, data: { fields: Object.keys(values) } });
    return user;
  });
}

/** A licensee's company profile must be complete before the exchange center approves a deal. */
export function isCompanyProfileComplete(u: { companyName: string | null; country: string | null; address: string | null }) {
  return !!(u.companyName && u.country && u.address);
}
