/**
 * Hooks the registry and licensing use-cases call inside their transactions when a work is
 * registered or a license becomes active. The certificate slice implements the signing and
 * batching (EIP-712 record, leaf, later Merkle proof) behind these two functions.
 */
import type { Tx } from "~/utils/db.server";

export async function issueRegistrationCertificate(_opts: { tx: Tx; workId: string }): Promise<void> {
  // Implemented by the certificates slice (issue 4).
}

export async function issueLicenseCertificate(_opts: { tx: Tx; dealId: string }): Promise<void> {
  // Implemented by the certificates slice (issue 4).
}
