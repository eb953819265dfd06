import type { LoaderFunctionArgs } from "@remix-run/node";
import { noticePdf } from "~/domain/cases/notice-pdf.server";
import { caseNumberSchema, platformSchema } from "~/domain/cases/platforms";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { invariantResponse } from "~/utils/route-helpers.server";

/** Preview of the takedown notice for a platform (nothing recorded until "mark sent"). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "case:handle");
  const number = caseNumberSchema.safeParse(params.caseNumber ?? "");
  invariantResponse(number.success, "Not Found", 404);
  const kase = await prisma.infringementCase.findUnique({ where: { number: number.data }, select: { id: true, platform: true } });
  invariantResponse(kase, "Not Found", 404);
  const url = new URL(request.url);
  const platform = platformSchema.safeParse(url.searchParams.get("platform") ?? kase.platform);
  invariantResponse(platform.success, "Bad Request", 400);
  const pdf = await noticePdf({
    db: prisma,
    caseId: kase.id,
    platform: platform.data,
    sentTo: "",
    officerName: user.name,
    origin: getEnv().PUBLIC_URL ?? url.origin,
    now: new Date(),
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="notice-${number.data}-${platform.data}-preview.pdf"`,
      "Cache-Control": "no-store",
    },
  });
}
