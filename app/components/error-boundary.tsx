import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "~/utils/use-t";

/** One boundary for every route: a plain message in the user's language, never a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useT();
  let status = 500;
  let detail: string | null = null;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (typeof error.data === "string" && error.data && error.data !== error.statusText && status < 500) detail = error.data;
    if (error.data && typeof error.data === "object" && "message" in error.data) detail = String((error.data as { message: unknown }).message);
  } else if (typeof document !== "undefined") {
    console.error(error);
  }
  // Reason phrases and developer notes thrown as plain strings are English whatever the page's language:
  // show only messages written for people (localized by the route).
  if (detail && /^(Bad Request|Not Found|Forbidden|Unauthorized|Too Many Requests|Unknown language|Conflict|Gone|Method Not Allowed)\b/i.test(detail))
    detail = null;
  const key =
    status === 403
      ? "forbidden"
      : status === 404
        ? "notFound"
        : status === 401
          ? "unauthorized"
          : status === 429
            ? "rateLimited"
            : status >= 500
              ? "server"
              : "generic";
  return (
    <div className="mx-auto max-w-xl py-16 text-center" data-testid={`error-${status}`}>
      <p className="text-5xl font-bold text-cobalt-700">{status}</p>
      <h1 className="h1 mt-4">{t(`common.error.${key}.title`)}</h1>
      <p className="mt-2 text-slate-600">{t(`common.error.${key}.body`)}</p>
      {detail && status < 500 ? <p className="mt-2 text-sm text-slate-500">{detail}</p> : null}
      <Link to="/" className="btn-primary mt-6">
        {t("common.error.home")}
      </Link>
    </div>
  );
}
