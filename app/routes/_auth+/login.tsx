import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { AuthFormCard, AuthSwitchLink, useAuthForm } from "./__auth-form";
import { Field, FormError } from "~/components/forms";
import { loginSchema } from "~/domain/accounts/schemas";
import { logIn } from "~/domain/accounts/log-in.server";
import { domainErrorResponse } from "~/utils/route-helpers.server";
import { createUserSession, getUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { clientIp } from "~/utils/rate-limit.server";
import { passRetryAfter } from "~/utils/retry-after";
import { pageTitle } from "~/utils/page-title";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title.login");

export const headers = passRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/dashboard");
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readPageForm(request);
  const submission = parseWithZod(formData, { schema: loginSchema });
  const { t, locale } = await getT(request);
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }), formError: null }, { status: 400 });
  }
  try {
    const user = await logIn({ db: prisma, email: submission.value.email, password: submission.value.password, ip: clientIp(request) });
    // Right password, but an administrator requires a new one first: no session (see getUser).
    if (user.mustResetPassword) {
      return json({ result: submission.reply({ hideFields: ["password"] }), formError: t("account.error.mustResetPassword") }, { status: 403 });
    }
    return createUserSession({ request, userId: user.id, redirectTo: submission.value.redirectTo ?? "/dashboard" });
  } catch (e) {
    return domainErrorResponse(e, locale, { result: submission.reply({ hideFields: ["password"] }) });
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
