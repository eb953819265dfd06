import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderMotifEvidence } from "~/domain/imaging/motif/render-evidence.server";
import { readViewFeatures } from "~/domain/imaging/motif/motif-index.server";
import { readFeatureSet } from "~/domain/imaging/motif/feature-set";
import { isMotifMatch } from "~/domain/imaging/motif/motif-rules";
import { verifyCandidates } from "~/domain/imaging/motif/verify-candidates.server";
import { readFile } from "node:fs/promises";
import { storagePath } from "~/domain/imaging/ingest-image.server";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { invariantResponse } from "~/utils/route-helpers.server";

/**
 * Officers' side-by-side picture of a prior-art motif match: the other work's view (matched
 * region outlined) beside the examined work's view, verified again from the stored features.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "work:examine");
  const [view, matched] = await Promise.all([
    prisma.workView.findFirst({ where: { id: params.viewId, workId: params.workId }, select: { sha256: true, storageKey: true } }),
    prisma.workView.findFirst({ where: { id: params.matchedViewId }, select: { sha256: true, width: true, height: true } }),
  ]);
  invariantResponse(view && matched, "Not Found", 404);
  const [q, r] = await Promise.all([readViewFeatures(view.sha256), readViewFeatures(matched.sha256)]);
  invariantResponse(q && r, "Not Found", 404);
  const [hit] = await verifyCandidates({ query: [q], candidates: [{ id: "m", features: r }] });
  const rs = readFeatureSet(r);
  invariantResponse(hit && isMotifMatch(hit, { width: rs.sourceWidth, height: rs.sourceHeight }), "Not Found", 404);
  const dataDir = getEnv().DATA_DIR;
  const body = await renderMotifEvidence({
    dataDir,
    viewSha256: matched.sha256,
    viewWidth: matched.width,
    viewHeight: matched.height,
    queryBytes: await readFile(storagePath(dataDir, view.storageKey)),
    region: hit.quad!,
    lines: hit.lines,
  });
  return new Response(new Uint8Array(body), {
    headers: { "Content-Type": "image/jpeg", "Cache-Control": "private, max-age=600", "X-Content-Type-Options": "nosniff" },
  });
}
