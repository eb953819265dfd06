import type { RejectionReason } from "./vocabulary";
import { decideWork } from "./decide-work.server";

/** The officer sends the work back to the artisan, who can edit and submit it again. */
export async function requestWorkChanges(opts: { officerId: string; workId: string; reason: RejectionReason; note?: string }) {
  return decideWork({ ...opts, outcome: "changes_requested" });
}
