import type { PrismaClient } from "@prisma/client";
import { decideDeal } from "./decide-deal.server";

/** Sends a request back to the licensee with what to change; they edit and resubmit (resubmitDeal). */
export async function askDealChanges(opts: { db: PrismaClient; actorId: string; dealId: string; reason: string }) {
  return decideDeal({ ...opts, action: "ask_changes" });
}
