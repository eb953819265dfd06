import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthFormCard, AuthSwitchLink, useAuthForm } from "./__auth-form";
import { Field, FormError } from "~/components/forms";
import { findAccountToken } from "~/domain/accounts/account-tokens.server";
import { resetPassword } from "~/domain/accounts/reset-password.server";
import { resetPasswordSchema } from "~/domain/accounts/schemas";
import { isDomainError } from "~/domain/errors";
import { readPageForm } from "~/utils/request-body.server";
import { sessionStorage } from "~/utils/session.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { pageTitle } from "~/utils/page-title";
import { useT } from "~/utils/use-t";

// The token is in the path: no Referer to other origins at all ("no-referrer" would also make
// Chromium send "Origin: null" on the form post, which the same-origin check refuses).
export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "account.title.reset"), { name: "referrer", content: "same-origin" }];

// The token is in the path: never send it on as a Referer, never keep the page in a cache.
const PRIVATE_HEADERS = { "Referrer-Policy": "same-origin", "Cache-Control": "no-store" };
export const headers: HeadersFunction = () => PRIVATE_HEADERS;

const STATE_MESSAGE = { valid: null, expired: "account.error.linkExpired", used: "account.error.linkUsed" } as const;

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findAccountToken(prisma, { token: params.token ?? "", purpose: "reset" });
  const invalid = found ? STATE_MESSAGE[found.state] : "account.error.linkInvalid";
  if (invalid) return json({ invalid }, { status: 410, headers: PRIVATE_HEADERS });
  return json({ invalid: null }, { headers: PRIVATE_HEADERS });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseWithZod(await readPageForm(request), { schema: resetPasswordSchema });
  const { t } = await getT(request);
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields: ["password", "confirm"] }), formError: null }, { status: 400 });
  try {
    await resetPassword({ db: prisma, token: params.token ?? "", newPassword: submission.value.password });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return json(
      { result: submission.reply({ hideFields: ["password", "confirm"] }), formError: t(e.messageKey, e.params) },
      { status: e.status === 404 ? 410 : e.status },
    );
  }
  // Every session ended, this browser's too: drop its cookie and log in with the new password.
  const storage = sessionStorage();
  const session = await storage.getSession(request.headers.get("Cookie"));
  return redirect("/login?reset=1", { headers: { "Set-Cookie": await storage.destroySession(session) } });
}

export default function ResetPassword() {
  const { t } = useT();
  const { invalid } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useAuthForm("reset-password", resetPasswordSchema, data?.result);
  if (invalid) {
    return (
      <div className="card mx-auto max-w-md space-y-4" data-testid="reset-invalid">
        <h1 className="h1">{t("account.reset.invalidTitle")}</h1>
        <p>{t(invalid)}</p>
        <Link to="/forgot-password" className="btn-primary inline-block">
          {t("account.reset.requestNew")}
        </Link>
      </div>
    );
  }
  return (
    <AuthFormCard
      title={t("account.reset.title")}
      formProps={getFormProps(form)}
      submitLabel={t("account.reset.submit")}
      footer={data?.formError ? <AuthSwitchLink to="/forgot-password" label={t("account.reset.requestNew")} /> : null}
    >
      <p className="muted">{t("account.reset.intro")}</p>
      <FormError message={data?.formError} />
      <Field
        label={t("account.reset.newPassword")}
        hint={t("auth.field.passwordHint")}
        inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password", autoFocus: true }}
        errors={fields.password.errors}
      />
      <Field
        label={t("account.reset.confirmPassword")}
        inputProps={{ ...getInputProps(fields.confirm, { type: "password" }), autoComplete: "new-password" }}
        errors={fields.confirm.errors}
      />
    </AuthFormCard>
  );
}
