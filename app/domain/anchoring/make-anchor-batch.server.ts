/**
 * Puts every certificate issued since the last batch (and the current audit log head) into one
 * Merkle tree: a new AnchorBatch (status "pending") with the root, and each certificate's proof,
 * in ONE transaction. Anchoring the root on chain is a separate step (anchor-pending-batches).
 *
 * Leaves are sorted (batchLeafOrder), so the tree of a batch can be rebuilt from its stored
 * leaves alone — that is how the audit head's proof is produced later (batchTree below).
 */
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { DomainError } from "~/domain/errors";
import { hasPermission } from "~/utils/permissions";
import { prisma, type Tx } from "~/utils/db.server";
import { auditHeadLeaf, batchLeafOrder } from "./audit-head-leaf";
import { buildMerkleTree, type MerkleTree } from "./merkle";

type MadeBatch = { id: string; seq: number; root: string; count: number; certificates: number; auditHead: { seq: number; hash: string } | null };

/** actorId null = the background job or the CLI; a user must hold "anchor:run". */
export async function makeAnchorBatch({ actorId }: { actorId: string | null }): Promise<MadeBatch | null> {
  if (actorId) await assertAnchorPermission(actorId);
  return prisma.$transaction(
    async (tx) => {
      const certs = await tx.certificate.findMany({ where: { batchId: null }, select: { id: true, leaf: true } });
      if (certs.length === 0) return null;
      const head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
      const leaves = batchLeafOrder([...certs.map((c) => c.leaf), ...(head ? [auditHeadLeaf(head.seq, head.hash)] : [])]);
      const tree = buildMerkleTree(leaves);
      const index = new Map(leaves.map((l, i) => [l, i]));
      const last = await tx.anchorBatch.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
      const seq = (last?.seq ?? 0) + 1;
      const batch = await tx.anchorBatch.create({
        data: { seq, root: tree.root, count: leaves.length, auditHeadHash: head?.hash ?? null, status: "pending" },
      });
      for (const c of certs) {
        const proof = tree.proof(index.get(c.leaf.toLowerCase())!);
        // batchId: null in the filter: a certificate already taken by a concurrent batch aborts this one.
        const { count } = await tx.certificate.updateMany({ where: { id: c.id, batchId: null }, data: { batchId: batch.id, proof: JSON.stringify(proof) } });
        if (count !== 1) throw new DomainError("CONFLICT", "certificates.anchor.error.batchRace");
      }
      await recordAuditEvent(tx, {
        actorId,
        action: "anchor.batch.created",
        entityId: batch.id,
        data: { seq, root: tree.root, leaves: leaves.length, certificates: certs.length, auditHeadSeq: head?.seq ?? null, auditHeadHash: head?.hash ?? null },
      });
      return { id: batch.id, seq, root: tree.root, count: leaves.length, certificates: certs.length, auditHead: head ?? null };
    },
    { maxWait: 60_000, timeout: 120_000 },
  );
}

export async function assertAnchorPermission(userId: string) {
  const u = await prisma.user.findUnique({ where: { id: userId }, select: { disabledAt: true, roles: { select: { name: true } } } });
  if (
    !u ||
    u.disabledAt ||
    !hasPermission(
      u.roles.map((r) => r.name),
      "anchor:run",
    )
  ) {
    throw new DomainError("FORBIDDEN", "certificates.error.forbidden");
  }
}

/** Rebuilds a stored batch's tree from its certificates' leaves and its audit head. */
export async function batchTree(
  db: Tx | typeof prisma,
  batchId: string,
): Promise<{ tree: MerkleTree; leaves: string[]; auditHead: { seq: number; hash: string; leaf: string } | null }> {
  const batch = await db.anchorBatch.findUniqueOrThrow({ where: { id: batchId }, select: { auditHeadHash: true, certificates: { select: { leaf: true } } } });
  let auditHead: { seq: number; hash: string; leaf: string } | null = null;
  if (batch.auditHeadHash) {
    const ev = await db.auditEvent.findUnique({ where: { hash: batch.auditHeadHash }, select: { seq: true, hash: true } });
    if (ev) auditHead = { ...ev, leaf: auditHeadLeaf(ev.seq, ev.hash) };
  }
  const leaves = batchLeafOrder([...batch.certificates.map((c) => c.leaf), ...(auditHead ? [auditHead.leaf] : [])]);
  return { tree: buildMerkleTree(leaves), leaves, auditHead };
}
