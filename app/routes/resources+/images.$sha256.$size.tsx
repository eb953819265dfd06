import type { LoaderFunctionArgs } from "@remix-run/node";
import { DERIVATIVE_SIZES, readDerivative, type DerivativeSize } from "~/domain/imaging/ingest-image.server";
import { canViewImage } from "~/domain/registry/get-work-for-viewer.server";
import { getUser } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";

/**
 * Display derivatives (WebP, 320 or 1280 px) by content address. Served only when the viewer may
 * see a work with a view of these bytes; otherwise 404, the same as for bytes we don't have, so
 * a sealed work's photo can't even be confirmed to exist. Only public images are cacheable.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const sha256 = params.sha256 ?? "";
  const size = Number(params.size) as DerivativeSize;
  if (!/^[0-9a-f]{64}$/.test(sha256) || !DERIVATIVE_SIZES.includes(size)) return notFound();
  const user = await getUser(request);
  const access = await canViewImage({ viewerId: user?.id ?? null, sha256 });
  if (!access.allowed) return notFound();
  // Made from the original on first request if the upload's derivatives are not written yet.
  const body = await readDerivative(getEnv().DATA_DIR, sha256, size);
  if (!body) return notFound();
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "image/webp",
      "Content-Length": String(body.length),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": access.isPublic ? "public, max-age=31536000, immutable" : "private, no-store",
      ...(access.isPublic ? {} : { Vary: "Cookie" }),
    },
  });
}

function notFound() {
  return new Response("Not Found", { status: 404, headers: { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" } });
}
