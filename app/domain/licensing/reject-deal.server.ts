import type { PrismaClient } from "@prisma/client";
import { decideDeal } from "./decide-deal.server";

/** The exchange center refuses a request, with a reason both parties read. Final. */
export async function rejectDeal(opts: { db: PrismaClient; actorId: string; dealId: string; reason: string }) {
  return decideDeal({ ...opts, action: "reject" });
}
