import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EmailVerificationNotice } from "~/components/email-verification-notice";
import { verifyEmail } from "~/domain/accounts/verify-email.server";
import { isDomainError } from "~/domain/errors";
import { getUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/page-title";
import { useT } from "~/utils/use-t";

// The token is in the path: no Referer to other origins at all ("no-referrer" would also make
// Chromium send "Origin: null" on the form post, which the same-origin check refuses).
export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "account.title.verify"), { name: "referrer", content: "same-origin" }];

const PRIVATE_HEADERS = { "Referrer-Policy": "same-origin", "Cache-Control": "no-store" };
export const headers: HeadersFunction = () => PRIVATE_HEADERS;

/**
 * Opening the mailed link confirms the address (it proves only that the mailbox received it, so
 * a GET is enough); the link works once.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  try {
    const { email } = await verifyEmail({ db: prisma, token: params.token ?? "" });
    return json({ verified: email, error: null, signedIn: !!user, pendingEmail: null }, { headers: PRIVATE_HEADERS });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const pendingEmail = user && !user.emailVerified ? user.email : null;
    return json({ verified: null, error: e.messageKey, signedIn: !!user, pendingEmail }, { status: 410, headers: PRIVATE_HEADERS });
  }
}

export default function VerifyEmailLink() {
  const { t } = useT();
  const { verified, error, signedIn, pendingEmail } = useLoaderData<typeof loader>();
  if (verified) {
    return (
      <div className="card mx-auto max-w-md space-y-4" data-testid="email-verified">
        <h1 className="h1">{t("account.verify.doneTitle")}</h1>
        <p>{t("account.verify.doneBody", { email: verified })}</p>
        <Link to={signedIn ? "/dashboard" : "/login"} className="btn-primary inline-block">
          {t("account.verify.continue")}
        </Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-md space-y-4" data-testid="verify-invalid">
      <h1 className="h1">{t("account.verify.invalidTitle")}</h1>
      <p>{t(error ?? "account.error.linkInvalid")}</p>
      {pendingEmail ? <EmailVerificationNotice email={pendingEmail} /> : null}
    </div>
  );
}
