import type { PrismaClient } from "@prisma/client";
import type { z } from "zod";
import { DomainError } from "~/domain/errors";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { organizationSchema } from "./schemas";

export { organizationSchema };

export async function createOrganization({ db, userId, values }: { db: PrismaClient; userId: string; values: z.infer<typeof organizationSchema> }) {
  if (values.uscc && (await db.organization.findUnique({ where: { uscc: values.uscc } }))) {
    throw new DomainError("CONFLICT", "auth.error.usccTaken");
  }
  return db.$transaction(async (tx) => {
    const org = await tx.organization.create({
      data: {
        kind: values.kind,
        name: values.name,
        nameEn: values.nameEn || null,
        uscc: values.uscc || null,
        memberships: { create: { userId, role: "owner" } },
      },
    });
    await recordAuditEvent(tx, { actorId: userId, action: "organization.created", entityId: org.id, data: { name: org.name, uscc: org.uscc } });
    return org;
  });
}
