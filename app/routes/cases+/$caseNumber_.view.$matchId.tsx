import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseFileAccess } from "~/domain/cases/get-case-view.server";
import { caseNumberSchema } from "~/domain/cases/platforms";
import { readDerivative } from "~/domain/imaging/ingest-image.server";
import { worksManagedBy } from "~/domain/licensing/deal-access.server";
import { getUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { invariantResponse } from "~/utils/route-helpers.server";

/** The registered view a suspect photo matched; a sealed work's image only for officers and its owner. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const number = caseNumberSchema.safeParse(params.caseNumber ?? "");
  invariantResponse(number.success, "Not Found", 404);
  const url = new URL(request.url);
  const user = await getUser(request);
  const access = await caseFileAccess({ db: prisma, number: number.data, userId: user?.id ?? null, followToken: url.searchParams.get("t") });
  invariantResponse(access, "Not Found", 404);
  const m = await prisma.caseMatch.findFirst({ where: { id: params.matchId, caseId: access.kase.id }, include: { view: { select: { sha256: true } }, work: { select: { id: true, visibility: true } } } });
  invariantResponse(m, "Not Found", 404);
  if (m.work.visibility === "sealed" && !access.viewer.isOfficer) {
    const owns = user ? await prisma.work.count({ where: { id: m.work.id, ...worksManagedBy(user.id) } }) : 0;
    invariantResponse(owns > 0, "Not Found", 404);
  }
  const body = await readDerivative(getEnv().DATA_DIR, m.view.sha256, 1280);
  invariantResponse(body, "Not Found", 404);
  return new Response(body, { headers: { "Content-Type": "image/webp", "Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff" } });
}
