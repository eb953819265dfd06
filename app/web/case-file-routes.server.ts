/**
 * The case-file routes (evidence files, matched views, motif pictures) all start the same way:
 * a well-formed case number, the signed-in user if any, and the anonymous reporter's follow
 * token (?t=). Anything malformed is the same 404 as a missing case, so numbers cannot be probed.
 */
import type { Params } from "@remix-run/react";
import { caseNumberSchema } from "~/domain/cases/platforms";
import { getUser } from "~/utils/auth.server";
import { invariantResponse } from "~/utils/route-helpers.server";

export async function caseFileRequest(request: Request, params: Params) {
  const number = caseNumberSchema.safeParse(params.caseNumber ?? "");
  invariantResponse(number.success, "Not Found", 404);
  const url = new URL(request.url);
  const user = await getUser(request);
  return { who: { number: number.data, userId: user?.id ?? null, followToken: url.searchParams.get("t") }, searchParams: url.searchParams };
}
