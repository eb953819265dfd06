import type { LoaderFunctionArgs } from "@remix-run/node";
import { readFile } from "node:fs/promises";
import { caseFileAccess } from "~/domain/cases/get-case-view.server";
import { caseNumberSchema } from "~/domain/cases/platforms";
import { readDerivative, storagePath } from "~/domain/imaging/ingest-image.server";
import { getUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { invariantResponse } from "~/utils/route-helpers.server";

/** An evidence file, only for the case's parties and officers (same 404 for everyone else). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const number = caseNumberSchema.safeParse(params.caseNumber ?? "");
  invariantResponse(number.success, "Not Found", 404);
  const url = new URL(request.url);
  const user = await getUser(request);
  const access = await caseFileAccess({ db: prisma, number: number.data, userId: user?.id ?? null, followToken: url.searchParams.get("t") });
  invariantResponse(access, "Not Found", 404);
  const e = await prisma.evidence.findFirst({ where: { id: params.evidenceId, caseId: access.kase.id } });
  invariantResponse(e, "Not Found", 404);
  const dataDir = getEnv().DATA_DIR;
  const size = url.searchParams.get("size");
  const headers = { "Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" };
  if ((size === "320" || size === "1280") && e.mime.startsWith("image/")) {
    const body = await readDerivative(dataDir, e.sha256, Number(size) as 320 | 1280);
    invariantResponse(body, "Not Found", 404);
    return new Response(body, { headers: { ...headers, "Content-Type": "image/webp" } });
  }
  const body = await readFile(storagePath(dataDir, e.storageKey));
  const ext = e.mime === "application/pdf" ? "pdf" : (e.mime.split("/")[1] ?? "bin").replace(/[^a-z0-9]/g, "");
  return new Response(body, {
    headers: {
      ...headers,
      "Content-Type": e.mime,
      // The stored name is the uploader's; the download name is ours (hash-based, always safe).
      "Content-Disposition": `${e.mime.startsWith("image/") ? "inline" : "attachment"}; filename="evidence-${e.sha256.slice(0, 16)}.${ext}"`,
      ...(e.mime === "application/pdf" ? { "Content-Security-Policy": "sandbox" } : {}),
    },
  });
}
