import { pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getPublicLicense } from "~/domain/licensing/get-public-license.server";
import { summarizeTerms } from "~/domain/licensing/terms";
import { prisma } from "~/utils/db.server";
import { clientKey, consume } from "~/utils/rate-limit.server";
import { passRetryAfter } from "~/utils/retry-after";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ params, matches }) => [...pageTitle(matches, "titles.verifyLicenseNumber", { number: params.licenseNumber ?? "" })];

export const headers = passRetryAfter;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const limited = await consume("verifyLicense", clientKey(request));
  if (limited) throw new Response("Too Many Requests", limited.init);
  const lookup = await getPublicLicense({ db: prisma, licenseNumber: params.licenseNumber ?? "" });
  if (lookup.kind !== "found") return json({ number: params.licenseNumber ?? "", lookup, scope: null }, { status: lookup.kind === "invalid" ? 400 : 404 });
  const l = lookup.license;
  // The public page describes the scope only — the money stays between the parties.
  const scope = (locale: "zh-CN" | "en") =>
    summarizeTerms(
      {
        exclusivity: l.exclusivity as "exclusive",
        fields: l.fields as ["other"],
        territories: l.territories,
        productionRequirement: l.productionRequirement as "any",
        termStart: l.term.start,
        termEnd: l.term.end,
        upfrontFeeFen: 0,
        royaltyBps: 0,
        minimumGuaranteeFen: 0,
        sublicensing: false,
        attribution: false,
        modifications: false,
      },
      locale,
    ).slice(0, 5);
  return json({ number: l.licenseNumber, lookup, scope: { zh: scope("zh-CN"), en: scope("en") } });
}

export default function VerifyLicense() {
  const { t, locale, date } = useT();
  const { number, lookup, scope } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="h1">{t("licensing.verify.title")}</h1>
      <Form method="get" action="/verify/license" className="flex gap-2">
        <input name="number" className="input mono" defaultValue={number} aria-label={t("licensing.verify.number")} />
        <button type="submit" className="btn-secondary">
          {t("licensing.verify.submit")}
        </button>
      </Form>
      {lookup.kind === "found" ? (
        <section className="card space-y-3" data-testid="license-result" data-status={lookup.license.status}>
          <div className="flex items-center justify-between">
            <span className="mono text-base">{lookup.license.licenseNumber}</span>
            <span
              className={`badge ${lookup.license.status === "active" ? "bg-green-100 text-green-800" : lookup.license.status === "scheduled" ? "bg-sky-100 text-sky-800" : "bg-rose-100 text-rose-800"}`}
              data-testid="license-status"
            >
              {t(`licensing.verify.status.${lookup.license.status}`)}
            </span>
          </div>
          <dl className="grid grid-cols-[auto,1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="muted">{t("licensing.verify.work")}</dt>
            <dd>
              {lookup.license.work.title ? (locale === "en" && lookup.license.work.title.en) || lookup.license.work.title.zh : t("licensing.work.sealedTitle")}
              {lookup.license.work.registrationNumber ? (
                <>
                  {" "}
                  ·{" "}
                  <Link className="mono text-cobalt-600 hover:underline" to={`/works/${lookup.license.work.registrationNumber}`}>
                    {lookup.license.work.registrationNumber}
                  </Link>
                </>
              ) : null}
            </dd>
            <dt className="muted">{t("licensing.verify.licensee")}</dt>
            <dd data-testid="license-licensee">{lookup.license.licensee.companyName}</dd>
            <dt className="muted">{t("licensing.verify.term")}</dt>
            <dd>
              {lookup.license.term.start} – {lookup.license.term.lastDay}
            </dd>
            {lookup.license.endedAt ? (
              <>
                <dt className="muted">{t("licensing.verify.ended")}</dt>
                <dd>{date(lookup.license.endedAt)}</dd>
              </>
            ) : null}
          </dl>
          {scope ? (
            <ul className="list-disc space-y-1 pl-5 text-sm">
              {(locale === "en" ? scope.en : scope.zh).map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          ) : null}
          {lookup.license.termsHash ? (
            <p className="muted">
              {t("licensing.deal.termsHash")}: <span className="mono">{lookup.license.termsHash}</span>
            </p>
          ) : null}
          <p className="muted">{t("licensing.verify.api", { path: `/api/v1/licenses/${lookup.license.licenseNumber}` })}</p>
        </section>
      ) : (
        <p className="card text-rouge-500" role="alert" data-testid="license-not-found">
          {t(lookup.kind === "invalid" ? "licensing.verify.invalid" : "licensing.verify.notFound")}
        </p>
      )}
    </div>
  );
}
