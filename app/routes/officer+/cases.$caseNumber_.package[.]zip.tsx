import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCasePackage } from "~/domain/cases/build-case-package.server";
import { caseNumberSchema } from "~/domain/cases/platforms";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { domainErrorResponse, invariantResponse } from "~/utils/route-helpers.server";
import { getLocale } from "~/utils/locale.server";

/** The case's evidence package (ZIP), checkable offline with npm run verify-evidence. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "case:handle");
  const number = caseNumberSchema.safeParse(params.caseNumber ?? "");
  invariantResponse(number.success, "Not Found", 404);
  const kase = await prisma.infringementCase.findUnique({ where: { number: number.data }, select: { id: true } });
  invariantResponse(kase, "Not Found", 404);
  try {
    const pkg = await buildCasePackage({ db: prisma, dataDir: getEnv().DATA_DIR, actorId: user.id, caseId: kase.id });
    return new Response(new Uint8Array(pkg.zip), {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="evidence-${number.data}.zip"`,
        "X-Manifest-SHA256": pkg.manifestSha256,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    return domainErrorResponse(e, await getLocale(request, user));
  }
}
