import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseMatchForViewer } from "~/domain/cases/get-case-view.server";
import { caseNumberSchema } from "~/domain/cases/platforms";
import { readDerivative } from "~/domain/imaging/ingest-image.server";
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
  const found = await caseMatchForViewer({ db: prisma, number: number.data, matchId: params.matchId ?? "", userId: user?.id ?? null, followToken: url.searchParams.get("t") });
  invariantResponse(found, "Not Found", 404);
  const body = await readDerivative(getEnv().DATA_DIR, found.match.view.sha256, 1280);
  invariantResponse(body, "Not Found", 404);
  return new Response(body, { headers: { "Content-Type": "image/webp", "Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff" } });
}
