import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormError } from "~/components/forms";
import { connectFormSchema } from "~/domain/licensing/forms";
import { getConnectStatus, startConnectOnboarding } from "~/domain/payments/start-connect-onboarding.server";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getT } from "~/utils/locale.server";
import { domainErrorResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { readPageForm } from "~/utils/request-body.server";
import { invalidForm, parseForm } from "~/web/form-reply.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.connect");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "offer:create");
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY) return json({ online: false, status: null, error: false });
  try {
    return json({ online: true, status: await getConnectStatus({ db: prisma, env, userId: user.id }), error: false });
  } catch (e) {
    console.error("[connect] status", e);
    return json({ online: true, status: null, error: true });
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "offer:create");
  const { t, locale } = await getT(request, user);
  const submission = parseForm(await readPageForm(request), connectFormSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, intent: "connect", messageKey: "common.form.unknownAction" });
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY) return json({ formError: t("licensing.connect.offline") }, { status: 400 });
  try {
    const url = await startConnectOnboarding({ db: prisma, env, actorId: user.id, origin: env.PUBLIC_URL ?? new URL(request.url).origin });
    return redirect(url);
  } catch (e) {
    return domainErrorResponse(e, locale);
  }
}

export default function Connect() {
  const { t } = useT();
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="h1">{t("licensing.connect.title")}</h1>
      <p className="muted">{t("licensing.connect.intro")}</p>
      <FormError message={data?.formError} />
      {!d.online ? (
        <p className="card" data-testid="connect-offline">
          {t("licensing.connect.offline")}
        </p>
      ) : (
        <div className="card space-y-3" data-testid="connect-status">
          {d.error ? <p className="text-rouge-500">{t("licensing.connect.statusError")}</p> : null}
          {d.status ? (
            <>
              <p className="mono">{d.status.accountId}</p>
              <p>{d.status.canReceivePayouts ? t("licensing.connect.ready") : t("licensing.connect.incomplete")}</p>
            </>
          ) : (
            <p>{t("licensing.connect.none")}</p>
          )}
          {params.get("refresh") ? <p className="muted">{t("licensing.connect.linkExpired")}</p> : null}
          {!d.status?.canReceivePayouts ? (
            <Form method="post">
              <input type="hidden" name="intent" value="connect" />
              <button type="submit" className="btn-primary">
                {d.status ? t("licensing.connect.continue") : t("licensing.connect.start")}
              </button>
            </Form>
          ) : null}
        </div>
      )}
    </div>
  );
}
