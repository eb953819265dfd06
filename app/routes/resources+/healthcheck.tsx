import { prisma } from "~/utils/db.server";

/** Whether the last probe failed: an outage is logged when it starts and when it ends, not per probe. */
let failing = false;

/** Load balancers and CI poll this: 200 only when the database answers. */
export async function loader() {
  try {
    const [row] = await prisma.$queryRawUnsafe<{ ok: number }[]>("SELECT 1 AS ok");
    if (failing) {
      failing = false;
      console.error("[healthcheck] the database answers again");
    }
    // No count of the catalog here: a health probe must cost the same at 100 works and at 1,000,000.
    return Response.json({ status: "ok", database: Number(row?.ok) === 1 ? "ok" : "unexpected" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (!failing) {
      failing = true;
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[healthcheck] the database does not answer (503 until it does): ${message.trim().split("\n").pop()?.slice(0, 300)}`);
    }
    return Response.json({ status: "error", database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
