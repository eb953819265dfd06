import { pageTitle } from "~/utils/page-title";
import { LICENSE_NUMBER_EXAMPLE } from "~/domain/licensing/license-number";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { normalizeLicenseNumber } from "~/domain/licensing/license-number";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.verifyLicense");

/** The form submits by GET, so it works without JavaScript; a number goes to its own page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const n = new URL(request.url).searchParams.get("number");
  if (n && n.trim()) throw redirect(`/verify/license/${encodeURIComponent(normalizeLicenseNumber(n).slice(0, 40))}`);
  return json({});
}

export default function VerifyLicenseForm() {
  const { t } = useT();
  useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="h1">{t("licensing.verify.title")}</h1>
      <p className="muted">{t("licensing.verify.intro")}</p>
      <Form method="get" className="card flex gap-2" id="verify-license">
        <input name="number" className="input mono" placeholder={LICENSE_NUMBER_EXAMPLE} aria-label={t("licensing.verify.number")} required />
        <button type="submit" className="btn-primary">
          {t("licensing.verify.submit")}
        </button>
      </Form>
    </div>
  );
}
