import { pageLocale, pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CertificatePanel } from "~/components/certificate-panel";
import { certificateStatusOf } from "~/domain/anchoring/get-certificate-status.server";
import { getOwnerCertificateFile } from "~/domain/anchoring/get-owner-certificate-file.server";
import { getRegisteredWorkWithCertificate, type PublicHashes, type RegisteredWorkView } from "~/domain/registry/get-registered-work.server";
import { getUser } from "~/utils/auth.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const details = data?.work.details;
  const title = details ? (pageLocale(matches) === "en" && details.titleEn) || details.titleZh : null;
  return pageTitle(matches, "titles.work", { name: [title, data?.work.registrationNumber].filter(Boolean).join(" · ") });
};

/** Public page. The signed-in viewer matters only for a sealed work they own or examine. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const found = await getRegisteredWorkWithCertificate({ registrationNumber: params.registrationNumber ?? "", viewerId: user?.id ?? null });
  if (!found) throw new Response("Not Found", { status: 404 });
  const { work } = found;
  const certificate = found.certificate ? await certificateStatusOf(found.certificate) : null;
  // The owner's copy (salt + title opening the certificate's title commitment): managers only.
  const owned = user ? await getOwnerCertificateFile({ registrationNumber: work.registrationNumber, user }) : null;
  return json({ work, certificate, ownerCopy: Boolean(owned?.file.titleOpening) });
}

export default function WorkPage() {
  const { t, locale, date, money } = useT();
  const { work, certificate, ownerCopy } = useLoaderData<typeof loader>();
  const d = work.details;
  const title = d ? (locale === "en" && d.titleEn) || d.titleZh : t("works.visibility.sealed");
  const description = d ? (locale === "en" && d.descriptionEn) || d.descriptionZh : "";
  const n = work.registrationNumber;
  return (
    <div className="space-y-6" data-testid="work-page" data-sealed={work.sealed ? "true" : "false"}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="h1" data-testid="work-title">
            {title}
          </h1>
          <p className="mono text-base" data-testid="work-number">
            {n}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {work.status === "revoked" ? (
            <span className="badge bg-rose-100 text-rose-800">{t("works.status.revoked")}</span>
          ) : (
            <span className="badge bg-green-100 text-green-800">{t("works.status.registered")}</span>
          )}
          {work.sealed ? (
            <span className="badge bg-slate-200 text-slate-800" data-testid="sealed-badge">
              {t("works.visibility.sealed")}
            </span>
          ) : null}
        </div>
      </div>
      {work.sealed ? (
        <p className="card text-sm text-slate-700" data-testid="sealed-notice">
          {work.revealedToViewer ? t("catalog.work.sealedRevealed") : t("catalog.work.sealedPublic")}
        </p>
      ) : null}

      {d && d.views.length ? (
        <section aria-label={t("catalog.work.gallery")} className="grid gap-4 md:grid-cols-2" data-testid="work-gallery">
          {d.views.map((v) => (
            <figure key={v.sha256} className="card space-y-2 p-3">
              <img
                src={`/resources/images/${v.sha256}/1280`}
                alt={`${title} — ${t(`works.view.${v.kind}`)}`}
                className="max-h-[32rem] w-full rounded-md bg-slate-50 object-contain"
                loading="lazy"
              />
              <figcaption className="space-y-1">
                <p className="font-medium">
                  {t(`works.view.${v.kind}`)}{" "}
                  <span className="muted">
                    {v.width}×{v.height}
                  </span>
                </p>
                <ViewHashes v={v} />
              </figcaption>
            </figure>
          ))}
        </section>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <section className="card space-y-3 lg:col-span-2">
          <h2 className="h2">{t("catalog.work.facts")}</h2>
          {description ? <p className="whitespace-pre-line text-sm text-slate-700">{description}</p> : null}
          <dl className="grid grid-cols-[auto,1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="muted">{t("catalog.work.owner")}</dt>
            <dd data-testid="work-owner">{work.ownerName}</dd>
            {d ? (
              <>
                <dt className="muted">{t("catalog.work.authors")}</dt>
                <dd>{d.authors.map((a) => [locale === "en" && a.nameEn ? a.nameEn : a.name, a.role].filter(Boolean).join(" · ")).join("；") || "—"}</dd>
                <dt className="muted">{t("catalog.filter.category")}</dt>
                <dd>{t(`works.category.${d.category}`)}</dd>
                <dt className="muted">{t("catalog.filter.technique")}</dt>
                <dd>{d.techniques.map((x) => t(`works.technique.${x}`)).join("、") || "—"}</dd>
                <dt className="muted">{t("catalog.work.dimensions")}</dt>
                <dd>{dimensions(d.dimensionsMm) ?? "—"}</dd>
                <dt className="muted">{t("catalog.work.created")}</dt>
                <dd>{d.creationDate ? date(d.creationDate) : "—"}</dd>
              </>
            ) : null}
            <dt className="muted">{t("catalog.work.submitted")}</dt>
            <dd>{work.submittedAt ? date(work.submittedAt) : "—"}</dd>
            <dt className="muted">{t("catalog.work.registered")}</dt>
            <dd data-testid="work-registered">{work.registeredAt ? date(work.registeredAt) : "—"}</dd>
            {work.revokedAt ? (
              <>
                <dt className="muted">{t("catalog.work.revoked")}</dt>
                <dd>{date(work.revokedAt)}</dd>
              </>
            ) : null}
          </dl>
        </section>

        <aside className="space-y-4">
          <section className="card space-y-2" data-testid="work-certificate">
            <h2 className="h2">{t("catalog.work.certificate")}</h2>
            <CertificatePanel status={certificate} />
            <p className="muted">{t("catalog.work.certificateIntro")}</p>
            <div className="flex flex-wrap gap-2">
              <a className="btn-secondary" href={`/works/${n}/certificate.pdf`}>
                {t("catalog.work.certificatePdf")}
              </a>
              <a className="btn-secondary" href={`/works/${n}/certificate.json`}>
                {t("catalog.work.certificateJson")}
              </a>
            </div>
            {ownerCopy ? (
              <p className="text-sm" data-testid="owner-certificate">
                <a className="text-cobalt-700 hover:underline" href={`/works/${n}/certificate.json?with=title`}>
                  {t("catalog.work.certificateOwnerJson")}
                </a>
                <span className="muted block">{t("catalog.work.certificateOwnerHint")}</span>
              </p>
            ) : null}
            <Link className="text-sm text-cobalt-700 hover:underline" to="/verify/certificate">
              {t("catalog.work.verifyCertificate")}
            </Link>
          </section>
          <section className="card space-y-2" data-testid="work-offers">
            <h2 className="h2">{t("catalog.work.offers")}</h2>
            {work.offers.length ? (
              <ul className="space-y-1 text-sm">
                {work.offers.map((o) => (
                  <li key={o.id}>
                    <Link className="text-cobalt-700 hover:underline" to={`/offers/${o.id}`}>
                      {t(`licensing.exclusivity.${o.exclusivity}`)} · {money(o.upfrontFeeFen)}
                      {o.royaltyBps ? ` + ${o.royaltyBps / 100}%` : ""}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("catalog.work.noOffers")}</p>
            )}
          </section>
          {!work.revokedAt ? (
            <section className="card space-y-2" data-testid="work-report">
              <p className="muted text-sm">{t("nextsteps.report.copyHint")}</p>
              <Link className="btn-secondary" to={`/cases/new?work=${encodeURIComponent(n)}`} data-testid="report-copy-link">
                {t("nextsteps.report.copy")}
              </Link>
            </section>
          ) : null}
        </aside>
      </div>

      {!d ? (
        <section className="card space-y-3" data-testid="work-hashes">
          <h2 className="h2">{t("catalog.work.hashes")}</h2>
          <ul className="space-y-3">
            {work.hashes.map((v, i) => (
              <li key={v.sha256}>
                <p className="font-medium">{t("catalog.work.photoN", { n: i + 1 })}</p>
                <ViewHashes v={v} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="muted">{t("catalog.work.api", { path: `/api/v1/works/${n}` })}</p>
    </div>
  );
}

function ViewHashes({ v }: { v: PublicHashes | RegisteredWorkView }) {
  const { t } = useT();
  return (
    <dl className="grid grid-cols-[auto,1fr] gap-x-3 text-xs" data-testid="view-hashes">
      <dt className="muted">SHA-256</dt>
      <dd className="mono" data-testid="view-sha256">
        {v.sha256}
      </dd>
      <dt className="muted">PDQ</dt>
      <dd className="mono">{v.pdq}</dd>
      {"pdqQuality" in v ? (
        <>
          <dt className="muted">{t("imaging.label.pdqQuality")}</dt>
          <dd>
            {v.pdqQuality}
            {v.weak ? (
              <span className="badge ml-2 bg-amber-100 text-amber-800" title={t("imaging.hash.weak", { quality: v.pdqQuality })}>
                {t("catalog.work.weak")}
              </span>
            ) : null}
          </dd>
        </>
      ) : null}
      <dt className="muted">pHash</dt>
      <dd className="mono">{v.phash}</dd>
    </dl>
  );
}

function dimensions(d: { height: number | null; width: number | null; depth: number | null }): string | null {
  const parts = [d.height, d.width, d.depth].map((x) => (x ? `${x}` : null));
  if (parts.every((p) => p === null)) return null;
  return `${parts.map((p) => p ?? "—").join(" × ")} mm`;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
