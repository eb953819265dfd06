import type { RejectionReason } from "./vocabulary";
import { decideWork } from "./decide-work.server";

/** The officer refuses the registration (final), with a reason template and free text. */
export async function rejectWork(opts: { officerId: string; workId: string; reason: RejectionReason; note?: string }) {
  return decideWork({ ...opts, outcome: "rejected" });
}
