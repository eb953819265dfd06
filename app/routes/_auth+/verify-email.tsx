import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { EmailVerificationNotice } from "~/components/email-verification-notice";
import { FormError } from "~/components/forms";
import { resendVerificationFormSchema } from "~/domain/accounts/schemas";
import { sendEmailVerification } from "~/domain/accounts/send-email-verification.server";
import { mailLinkOrigin, requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { pageTitle } from "~/utils/page-title";
import { consume } from "~/utils/rate-limit.server";
import { useT } from "~/utils/use-t";
import { readPageForm } from "~/utils/request-body.server";
import { invalidForm, parseForm } from "~/web/form-reply.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title.verify");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ email: user.email, verified: user.emailVerified });
}

/** "Send a new link". */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { t, locale } = await getT(request, user);
  const submission = parseForm(await readPageForm(request), resendVerificationFormSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, intent: "resend", messageKey: "common.form.unknownAction" });
  const limited = await consume("verificationMailPerEmail", user.email);
  if (limited) return json({ sent: false, formError: t(limited.messageKey, limited.params) }, limited.init);
  const result = await sendEmailVerification({ db: prisma, userId: user.id, origin: mailLinkOrigin(request) });
  return json({ sent: result.sent, formError: null });
}

export default function VerifyEmailPage() {
  const { t } = useT();
  const { email, verified } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="h1">{t("account.verify.pageTitle")}</h1>
      <FormError message={data?.formError} />
      {data && "sent" in data && data.sent ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800" data-testid="verification-sent">
          {t("account.verify.sent", { email })}
        </p>
      ) : null}
      {verified ? (
        <div className="card space-y-3" data-testid="email-verified">
          <p>{t("account.verify.alreadyVerified", { email })}</p>
          <Link to="/dashboard" className="btn-primary inline-block">
            {t("account.verify.continue")}
          </Link>
        </div>
      ) : (
        <EmailVerificationNotice email={email} />
      )}
    </div>
  );
}
