import { Form } from "@remix-run/react";
import { useT } from "~/utils/use-t";

/** Shown to signed-in users whose address is not confirmed yet: what is blocked, and a resend button. */
export function EmailVerificationNotice({ email, compact = false }: { email: string; compact?: boolean }) {
  const { t } = useT();
  return (
    <div
      role="status"
      className={`rounded-md border border-amber-300 bg-amber-50 text-sm text-amber-900 ${compact ? "px-3 py-2" : "p-4"}`}
      data-testid="verify-email-notice"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <p className="min-w-0 flex-1">
          <strong className="font-medium">{t("account.notice.title")}</strong> {t("account.notice.body", { email })}
        </p>
        <Form method="post" action="/verify-email">
          <input type="hidden" name="intent" value="resend" />
          <button type="submit" className="btn-secondary whitespace-nowrap py-1" data-testid="resend-verification">
            {t("account.verify.resend")}
          </button>
        </Form>
      </div>
    </div>
  );
}
