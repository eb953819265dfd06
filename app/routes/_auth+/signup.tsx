import { getFormProps, getInputProps } from "@conform-to/react";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { AuthFormCard, AuthSwitchLink, useAuthForm } from "./__auth-form";
import { readAuthForm, signedOutOnly } from "./__auth-form.server";
import { ErrorList, Field, FormError } from "~/components/forms";
import { signupSchema } from "~/domain/accounts/schemas";
import { sendEmailVerification } from "~/domain/accounts/send-email-verification.server";
import { signUp } from "~/domain/accounts/sign-up.server";
import { domainErrorResponse } from "~/utils/route-helpers.server";
import { createUserSession, mailLinkOrigin } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { clientKey, consume } from "~/utils/rate-limit.server";
import { passRetryAfter } from "~/utils/retry-after";
import { pageTitle } from "~/utils/page-title";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title.signup");

export const headers = passRetryAfter;

export const loader = signedOutOnly;

export async function action({ request }: ActionFunctionArgs) {
  const form = await readAuthForm(request, signupSchema);
  if (form.invalid) return form.invalid;
  const { value, reply, t, locale } = form;
  const limited = await consume("signup", clientKey(request));
  if (limited) {
    return json({ result: reply(), formError: t(limited.messageKey, limited.params) }, limited.init);
  }
  try {
    const user = await signUp({ db: prisma, ...value, locale });
    // The account exists either way; a failed mail can be resent from the notice it will see.
    await sendEmailVerification({ db: prisma, userId: user.id, origin: mailLinkOrigin(request) }).catch((e) =>
      console.error("[accounts] verification mail failed", e),
    );
    return createUserSession({ request, userId: user.id, redirectTo: "/dashboard" });
  } catch (e) {
    return domainErrorResponse(e, locale, { result: reply() });
  }
}

export default function SignupPage() {
  const { t } = useT();
  const data = useActionData<typeof action>();
  const [form, fields] = useAuthForm("signup", signupSchema, data?.result, { role: "artisan" });
  return (
    <AuthFormCard
      title={t("auth.signup.title")}
      formProps={getFormProps(form)}
      submitLabel={t("auth.signup.submit")}
      footer={<AuthSwitchLink text={t("auth.signup.haveAccount")} to="/login" label={t("auth.signup.loginLink")} />}
    >
      <FormError message={data?.formError} />
      <fieldset>
        <legend className="label">{t("auth.signup.roleLegend")}</legend>
        <div className="grid grid-cols-2 gap-2">
          {(["artisan", "licensee"] as const).map((r) => (
            <label
              key={r}
              className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-300 p-3 text-sm has-[:checked]:border-cobalt-500 has-[:checked]:bg-cobalt-50"
            >
              <input type="radio" name={fields.role.name} value={r} defaultChecked={fields.role.initialValue === r} className="mt-1" />
              <span>
                <span className="block font-medium">{t(`auth.role.${r}`)}</span>
                <span className="muted">{t(`auth.signup.roleHint.${r}`)}</span>
              </span>
            </label>
          ))}
        </div>
        <ErrorList errors={fields.role.errors} />
      </fieldset>
      <Field label={t("auth.field.name")} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }} errors={fields.name.errors} />
      <Field
        label={t("auth.field.email")}
        inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
        errors={fields.email.errors}
      />
      <Field
        label={t("auth.field.password")}
        hint={t("auth.field.passwordHint")}
        inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        errors={fields.password.errors}
      />
    </AuthFormCard>
  );
}
