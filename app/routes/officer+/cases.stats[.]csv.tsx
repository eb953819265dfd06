import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseStats, caseStatsCsv } from "~/domain/cases/case-stats.server";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "case:handle");
  const csv = caseStatsCsv(await caseStats({ db: prisma }));
  const day = new Date().toISOString().slice(0, 10);
  return new Response("\uFEFF" + csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="case-stats-${day}.csv"`, "Cache-Control": "no-store" },
  });
}
