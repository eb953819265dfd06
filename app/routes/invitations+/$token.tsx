import { pageTitle } from "~/utils/page-title";
import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/forms";
import { acceptInvitation } from "~/domain/accounts/invite-member.server";
import { acceptInvitationFormSchema } from "~/domain/accounts/schemas";
import { sha256hex } from "~/domain/audit/record-audit-event.server";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { domainErrorResponse, invariantResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { readPageForm } from "~/utils/request-body.server";
import { invalidForm, parseForm } from "~/web/form-reply.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.invitation");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const inv = await prisma.invitation.findUnique({
    where: { tokenHash: sha256hex(params.token ?? "") },
    include: { organization: { select: { name: true } } },
  });
  invariantResponse(inv && !inv.acceptedAt && inv.expiresAt > new Date(), "Not Found", 404);
  return json({ organization: inv.organization.name, email: inv.email });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { locale } = await getT(request, user);
  const submission = parseForm(await readPageForm(request), acceptInvitationFormSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, intent: "accept", messageKey: "common.form.unknownAction" });
  try {
    const m = await acceptInvitation({ db: prisma, userId: user.id, email: user.email, token: params.token ?? "" });
    return redirect(`/studio/${m.organizationId}`);
  } catch (e) {
    return domainErrorResponse(e, locale);
  }
}

export default function Invitation() {
  const { t } = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="card mx-auto max-w-md space-y-4">
      <h1 className="h1">{t("auth.invitation.title", { org: data.organization })}</h1>
      <FormError message={result?.formError} />
      <Form method="post">
        <input type="hidden" name="intent" value="accept" />
        <button className="btn-primary" type="submit">
          {t("auth.invitation.accept")}
        </button>
      </Form>
    </div>
  );
}
