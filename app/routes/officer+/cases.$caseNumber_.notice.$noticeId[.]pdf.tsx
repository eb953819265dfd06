import type { LoaderFunctionArgs } from "@remix-run/node";
import { readFile } from "node:fs/promises";
import { caseNumberSchema } from "~/domain/cases/platforms";
import { originalKey, storagePath } from "~/domain/imaging/ingest-image.server";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { invariantResponse } from "~/utils/route-helpers.server";

/** The exact notice PDF that was recorded as sent (its SHA-256 is on the Notice row). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "case:handle");
  const number = caseNumberSchema.safeParse(params.caseNumber ?? "");
  invariantResponse(number.success, "Not Found", 404);
  const notice = await prisma.notice.findFirst({ where: { id: params.noticeId, case: { number: number.data } } });
  invariantResponse(notice, "Not Found", 404);
  const body = await readFile(storagePath(getEnv().DATA_DIR, originalKey(notice.sha256)));
  return new Response(body, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="notice-${number.data}-${notice.platform}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
