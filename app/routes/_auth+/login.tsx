import { getFormProps, getInputProps } from "@conform-to/react";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { AuthFormCard, AuthSwitchLink, useAuthForm } from "./__auth-form";
import { readAuthForm, signedOutOnly } from "./__auth-form.server";
import { Field, FormError } from "~/components/forms";
import { loginSchema } from "~/domain/accounts/schemas";
import { logIn } from "~/domain/accounts/log-in.server";
import { domainErrorResponse } from "~/utils/route-helpers.server";
import { createUserSession } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { clientIp } from "~/utils/rate-limit.server";
import { passRetryAfter } from "~/utils/retry-after";
import { pageTitle } from "~/utils/page-title";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title.login");

export const headers = passRetryAfter;

export const loader = signedOutOnly;

export async function action({ request }: ActionFunctionArgs) {
  const form = await readAuthForm(request, loginSchema);
  if (form.invalid) return form.invalid;
  const { value, reply, t, locale } = form;
  try {
    const user = await logIn({ db: prisma, email: value.email, password: value.password, ip: clientIp(request) });
    // Right password, but an administrator requires a new one first: no session (see getUser).
    if (user.mustResetPassword) {
      return json({ result: reply(), formError: t("account.error.mustResetPassword") }, { status: 403 });
    }
    return createUserSession({ request, userId: user.id, redirectTo: value.redirectTo ?? "/dashboard" });
  } catch (e) {
    return domainErrorResponse(e, locale, { result: reply() });
  }
}

export default function LoginPage() {
  const { t } = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useAuthForm("login", loginSchema, data?.result);
  return (
    <AuthFormCard
      title={t("auth.login.title")}
      formProps={getFormProps(form)}
      submitLabel={t("auth.login.submit")}
      footer={<AuthSwitchLink text={t("auth.login.noAccount")} to="/signup" label={t("auth.login.signupLink")} />}
    >
      {params.get("reset") === "1" && !data ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800" data-testid="reset-done">
          {t("account.login.resetDone")}
        </p>
      ) : null}
      <FormError message={data?.formError} />
      <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
      <Field
        label={t("auth.field.email")}
        inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email", autoFocus: true }}
        errors={fields.email.errors}
      />
      <Field
        label={t("auth.field.password")}
        inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
        errors={fields.password.errors}
      />
      <p className="text-right text-sm">
        <Link to="/forgot-password" className="text-cobalt-600 hover:underline">
          {t("account.login.forgotLink")}
        </Link>
      </p>
    </AuthFormCard>
  );
}
