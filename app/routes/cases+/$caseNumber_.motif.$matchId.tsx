import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseMatchForViewer } from "~/domain/cases/get-case-view.server";
import { renderCaseMatchPicture } from "~/domain/cases/motif-match-picture.server";
import { caseFileRequest } from "~/web/case-file-routes.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { invariantResponse } from "~/utils/route-helpers.server";

/** The side-by-side evidence picture of a motif match; a sealed work's only for officers and its owner. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { who } = await caseFileRequest(request, params);
  const found = await caseMatchForViewer({ db: prisma, ...who, matchId: params.matchId ?? "", motifOnly: true });
  invariantResponse(found, "Not Found", 404);
  const body = await renderCaseMatchPicture({ db: prisma, dataDir: getEnv().DATA_DIR, matchId: found.match.id, caseId: found.kase.id });
  invariantResponse(body, "Not Found", 404);
  return new Response(new Uint8Array(body), {
    headers: { "Content-Type": "image/jpeg", "Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff" },
  });
}
