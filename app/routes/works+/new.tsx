import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { IDEMPOTENCY_FIELD, newIdempotencyKey, parseIdempotencyKey } from "~/domain/idempotency/idempotency-key";
import { createWork } from "~/domain/registry/create-work.server";
import { requirePermission } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { invalidForm } from "~/web/form-reply.server";
import { useT } from "~/utils/use-t";
import { WorkForm } from "./__work-form";
import { domainErrorJson, readWorkForm, WORK_FORM_INTENT } from "./__work-upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.newWork");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "work:create");
  return json({
    userName: user.name,
    orgs: user.memberships.map((m) => ({ id: m.organization.id, name: m.organization.name })),
    idempotencyKey: newIdempotencyKey(),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "work:create");
  const { locale } = await getT(request, user);
  try {
    const { fields, views, submission } = await readWorkForm(request);
    if (submission.status !== "success") return invalidForm(submission, { locale, intent: WORK_FORM_INTENT, messageKey: "works.form.fixErrors" });
    const submit = fields.get("intent") === "submit";
    const idempotencyKey = parseIdempotencyKey(fields.get(IDEMPOTENCY_FIELD));
    const work = await createWork({ userId: user.id, values: submission.value, views, submit, idempotencyKey });
    return redirect(`/my/works/${work.id}?${submit ? "submitted" : "created"}=1`);
  } catch (e) {
    return domainErrorJson(e, locale, { intent: WORK_FORM_INTENT, result: null });
  }
}

export default function NewWork() {
  const { t } = useT();
  const { userName, orgs, idempotencyKey } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1 className="h1">{t("works.page.new.title")}</h1>
      <p className="muted">{t("works.page.new.intro")}</p>
      <WorkForm mode="create" defaults={{ visibility: "public", owner: "self" }} orgs={orgs} userName={userName} idempotencyKey={idempotencyKey} reply={data} />
    </div>
  );
}
