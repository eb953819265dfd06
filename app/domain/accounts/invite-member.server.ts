import crypto from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { DomainError } from "~/domain/errors";
import { recordAuditEvent, sha256hex } from "~/domain/audit/record-audit-event.server";

const INVITATION_TTL_MS = 14 * 24 * 3600_000;

/** Only an owner of the studio may invite. The token is shown once; only its hash is stored. */
export async function inviteMember({ db, actorId, organizationId, email }: { db: PrismaClient; actorId: string; organizationId: string; email: string }) {
  const membership = await db.membership.findUnique({ where: { organizationId_userId: { organizationId, userId: actorId } } });
  if (!membership || membership.role !== "owner") throw new DomainError("FORBIDDEN", "auth.error.notOrgOwner");
  const token = crypto.randomBytes(24).toString("base64url");
  const invitation = await db.$transaction(async (tx) => {
    const inv = await tx.invitation.create({
      data: { organizationId, email, tokenHash: sha256hex(token), invitedById: actorId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) },
      include: { organization: true },
    });
    const invitee = await tx.user.findUnique({ where: { email } });
    await tx.notification.create({
      data: {
        userId: invitee?.id ?? null,
        email,
        kind: "org.invitation",
        subject: `Invitation: ${inv.organization.name}`,
        body: `You are invited to join ${inv.organization.name} on Kilnmark. / 您受邀加入 ${inv.organization.name}。`,
        link: `/invitations/${token}`,
      },
    });
    await recordAuditEvent(tx, { actorId, action: "organization.member_invited", entityId: organizationId, data: { email } });
    return inv;
  });
  return { invitation, token };
}

export async function acceptInvitation({ db, userId, email, token }: { db: PrismaClient; userId: string; email: string; token: string }) {
  const inv = await db.invitation.findUnique({ where: { tokenHash: sha256hex(token) } });
  if (!inv || inv.acceptedAt || inv.expiresAt < new Date()) throw new DomainError("NOT_FOUND", "auth.error.invitationInvalid");
  if (inv.email.toLowerCase() !== email.toLowerCase()) throw new DomainError("FORBIDDEN", "auth.error.invitationOtherEmail");
  return db.$transaction(async (tx) => {
    await tx.invitation.update({ where: { id: inv.id }, data: { acceptedAt: new Date() } });
    const m = await tx.membership.upsert({
      where: { organizationId_userId: { organizationId: inv.organizationId, userId } },
      create: { organizationId: inv.organizationId, userId, role: "member" },
      update: {},
    });
    await recordAuditEvent(tx, { actorId: userId, action: "organization.member_joined", entityId: inv.organizationId, data: { userId } });
    return m;
  });
}
