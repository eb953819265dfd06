import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { AuthFormCard, AuthSwitchLink, useAuthForm } from "./__auth-form";
import { Field, FormError } from "~/components/forms";
import { requestPasswordReset } from "~/domain/accounts/request-password-reset.server";
import { forgotPasswordSchema } from "~/domain/accounts/schemas";
import { mailLinkOrigin } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { pageTitle } from "~/utils/page-title";
import { clientKey, consumeEach } from "~/utils/rate-limit.server";
import { readPageForm } from "~/utils/request-body.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title.forgot");

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readPageForm(request), { schema: forgotPasswordSchema });
  const { t } = await getT(request);
  if (submission.status !== "success") return json({ result: submission.reply(), sent: false, formError: null }, { status: 400 });
  const { email } = submission.value;
  // The limits of every mail we send on request: per client and per inbox, whether or not the address has an account.
  const limited = await consumeEach(["passwordResetPerAddress", clientKey(request)], ["passwordResetPerEmail", email]);
  if (limited) return json({ result: submission.reply(), sent: false, formError: t(limited.messageKey, limited.params) }, limited.init);
  // Not awaited: the answer must not take longer when the account exists (no enumeration by timing).
  void requestPasswordReset({ db: prisma, email, origin: mailLinkOrigin(request) }).catch((e) => console.error("[accounts] password reset mail failed", e));
  return json({ result: submission.reply({ resetForm: true }), sent: true, formError: null });
}

export default function ForgotPassword() {
  const { t } = useT();
  const data = useActionData<typeof action>();
  const [form, fields] = useAuthForm("forgot-password", forgotPasswordSchema, data?.result);
  return (
    <AuthFormCard
      title={t("account.forgot.title")}
      formProps={getFormProps(form)}
      submitLabel={t("account.forgot.submit")}
      footer={<AuthSwitchLink to="/login" label={t("account.forgot.backToLogin")} />}
    >
      {data?.sent ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800" data-testid="forgot-sent">
          {t("account.forgot.sent")}
        </p>
      ) : (
        <p className="muted">{t("account.forgot.intro")}</p>
      )}
      <FormError message={data?.formError} />
      <Field
        label={t("auth.field.email")}
        inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email", autoFocus: true }}
        errors={fields.email.errors}
      />
    </AuthFormCard>
  );
}
