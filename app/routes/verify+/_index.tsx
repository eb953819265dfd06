import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { loadRegistryWallet } from "~/domain/anchoring/registry-key.server";
import { DomainError } from "~/domain/errors";
import { domainErrorResponse } from "~/utils/route-helpers.server";
import { ACCEPT_ATTRIBUTE } from "~/domain/imaging/image-type";
import { findViewsBySha256 } from "~/domain/registry/find-views-by-sha256.server";
import { getRegisteredWork } from "~/domain/registry/get-registered-work.server";
import { matchPhoto } from "~/domain/registry/match-photo.server";
import { motifEvidencePictures, type MotifPicture } from "~/domain/registry/motif-evidence-pictures.server";
import type { PublicMatch } from "~/domain/registry/public-match";
import { isRegistrationNumber } from "~/domain/registry/registration-number";
import { getEnv } from "~/utils/env.server";
import { fileBytes, readMultipartUpload } from "~/web/image-upload.server";
import { getT } from "~/utils/locale.server";
import { clientKey, consume, type LimitName } from "~/utils/rate-limit.server";
import { passRetryAfter } from "~/utils/retry-after";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.verify");

function signingAddress(): string | null {
  try {
    const env = getEnv();
    return loadRegistryWallet({ dataDir: env.DATA_DIR, privateKey: env.REGISTRY_PRIVATE_KEY }).address;
  } catch (e) {
    console.error("[verify] registry key unavailable", e);
    return null;
  }
}

async function limit(request: Request, name: LimitName) {
  const limited = await consume(name, clientKey(request));
  if (limited) throw limited;
}

type NumberResult = {
  kind: "number";
  query: string;
  work: {
    registrationNumber: string;
    sealed: boolean;
    status: string;
    ownerName: string;
    registeredAt: string | null;
    title: { zh: string; en: string } | null;
  } | null;
};
type ShaResult = { kind: "sha256"; query: string; matches: PublicMatch[] };

/** No account: anyone may verify. Lookups arrive as GET (?number= / ?sha256=), photos as POST. */
export const headers = passRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await getT(request);
  const url = new URL(request.url);
  const number = url.searchParams.get("number")?.trim().slice(0, 40) ?? "";
  const sha256 = url.searchParams.get("sha256")?.trim().slice(0, 80) ?? "";
  const base = { signer: signingAddress(), number, sha256 };
  try {
    if (number) {
      await limit(request, "verifyLookup");
      if (!isRegistrationNumber(number)) throw new DomainError("BAD_INPUT", "works.registrationNumber.invalid");
      const w = await getRegisteredWork({ registrationNumber: number, viewerId: null });
      const result: NumberResult = {
        kind: "number",
        query: number,
        work: w
          ? {
              registrationNumber: w.registrationNumber,
              sealed: w.sealed,
              status: w.status,
              ownerName: w.ownerName,
              registeredAt: w.registeredAt,
              title: w.details ? { zh: w.details.titleZh, en: w.details.titleEn } : null,
            }
          : null,
      };
      return json({ ...base, result, formError: null }, { status: w ? 200 : 404 });
    }
    if (sha256) {
      await limit(request, "verifyLookup");
      const result: ShaResult = { kind: "sha256", query: sha256, matches: await findViewsBySha256({ sha256 }) };
      return json({ ...base, result, formError: null });
    }
  } catch (e) {
    return domainErrorResponse(e, locale, { ...base, result: null });
  }
  return json({ ...base, result: null, formError: null });
}

export async function action({ request }: ActionFunctionArgs) {
  const { locale } = await getT(request);
  try {
    await limit(request, "verifyPhoto");
    const form = await readMultipartUpload(request);
    const { bytes, name } = await fileBytes(form, "photo");
    const result = await matchPhoto({ bytes });
    const pictures = await motifEvidencePictures({ bytes, matches: result.motif });
    return json({ kind: "photo" as const, fileName: name.slice(0, 200), query: result.query, matches: result.matches, pictures, formError: null });
  } catch (e) {
    return domainErrorResponse(e, locale, {
      kind: "photo" as const,
      fileName: null,
      query: null,
      matches: [] as PublicMatch[],
      pictures: [] as MotifPicture[],
    });
  }
}

export default function Verify() {
  const { t, locale, date } = useT();
  const data = useLoaderData<typeof loader>();
  const photo = useActionData<typeof action>();
  const nav = useNavigation();
  const uploading = nav.state === "submitting" && nav.formMethod?.toUpperCase() === "POST";
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="h1">{t("catalog.verify.title")}</h1>
        <p className="muted">{t("catalog.verify.intro")}</p>
      </div>

      <div className="grid gap-4 md:grid-cols-3">
        <Form method="get" className="card space-y-2" id="verify-number">
          <label className="label" htmlFor="verify-number-input">
            {t("catalog.verify.byNumber")}
          </label>
          <input
            id="verify-number-input"
            name="number"
            className="input mono"
            placeholder="JDZ-2026-000001-7"
            defaultValue={data.number}
            required
            maxLength={40}
          />
          <button type="submit" className="btn-primary w-full">
            {t("catalog.verify.check")}
          </button>
        </Form>
        <Form method="get" className="card space-y-2" id="verify-sha256">
          <label className="label" htmlFor="verify-sha-input">
            {t("catalog.verify.bySha256")}
          </label>
          <input id="verify-sha-input" name="sha256" className="input mono" placeholder="e3b0c442…" defaultValue={data.sha256} required maxLength={80} />
          <button type="submit" className="btn-primary w-full">
            {t("catalog.verify.check")}
          </button>
        </Form>
        <Form method="post" encType="multipart/form-data" className="card space-y-2" id="verify-photo">
          <label className="label" htmlFor="verify-photo-input">
            {t("catalog.verify.byPhoto")}
          </label>
          <input id="verify-photo-input" name="photo" type="file" accept={ACCEPT_ATTRIBUTE} required className="block w-full text-sm" />
          <p className="muted">{t("catalog.verify.photoHint")}</p>
          <button type="submit" className="btn-primary w-full" disabled={uploading}>
            {uploading ? t("catalog.verify.checking") : t("catalog.verify.check")}
          </button>
        </Form>
      </div>

      {data.formError ? (
        <p className="card text-rouge-500" role="alert" data-testid="verify-error">
          {data.formError}
        </p>
      ) : null}
      {photo?.formError ? (
        <p className="card text-rouge-500" role="alert" data-testid="verify-error">
          {photo.formError}
        </p>
      ) : null}

      {data.result?.kind === "number" ? (
        <section className="card space-y-2" data-testid="verify-result">
          {data.result.work ? (
            <>
              <p className="font-medium text-green-800" data-testid="verify-verdict" data-verdict="registered">
                {data.result.work.status === "revoked"
                  ? t("catalog.verify.numberRevoked", { number: data.result.work.registrationNumber })
                  : t("catalog.verify.numberRegistered", { number: data.result.work.registrationNumber })}
              </p>
              <p className="text-sm">
                {data.result.work.title ? (
                  <>{(locale === "en" && data.result.work.title.en) || data.result.work.title.zh} · </>
                ) : (
                  <>{t("works.visibility.sealed")} · </>
                )}
                {data.result.work.ownerName}
                {data.result.work.registeredAt ? ` · ${t("catalog.registeredOn", { date: date(data.result.work.registeredAt) })}` : ""}
              </p>
              <Link className="text-cobalt-700 hover:underline" to={`/works/${data.result.work.registrationNumber}`}>
                {t("catalog.verify.openWork")}
              </Link>
            </>
          ) : (
            <p className="text-rouge-500" data-testid="verify-verdict" data-verdict="none">
              {t("catalog.verify.numberUnknown", { number: data.result.query })}
            </p>
          )}
        </section>
      ) : null}

      {data.result?.kind === "sha256" ? (
        <section className="card space-y-3" data-testid="verify-result">
          {data.result.matches.length ? (
            <p className="font-medium text-green-800" data-testid="verify-verdict" data-verdict="same">
              {t("catalog.verify.shaFound")}
            </p>
          ) : (
            <p className="font-medium" data-testid="verify-verdict" data-verdict="none">
              {t("catalog.verify.shaNone")}
            </p>
          )}
          <MatchList matches={data.result.matches} />
        </section>
      ) : null}

      {photo && !photo.formError && photo.query ? (
        <section className="card space-y-3" data-testid="verify-result">
          <Verdict matches={photo.matches} />
          {photo.query.motifLowDetail ? (
            <p className="muted text-sm" data-testid="motif-low-detail">
              {t("motif.lowDetail")}
            </p>
          ) : null}
          <MatchList matches={photo.matches} />
          {photo.pictures.map((p) => (
            <figure key={`${p.registrationNumber}-${p.viewKind}`} className="space-y-1" data-testid="verify-motif-picture" data-number={p.registrationNumber}>
              <img
                src={p.dataUrl}
                alt={t("motif.evidence.alt", { registrationNumber: p.registrationNumber })}
                className="w-full rounded border border-slate-200"
              />
              <figcaption className="muted text-xs">
                {p.registrationNumber} · {t("motif.score", { score: p.inliers })} · {t("motif.evidence.caption")}
              </figcaption>
            </figure>
          ))}
          <details className="text-xs">
            <summary className="muted cursor-pointer">{t("catalog.verify.queryHashes")}</summary>
            <dl className="mt-2 grid grid-cols-[auto,1fr] gap-x-3">
              <dt className="muted">SHA-256</dt>
              <dd className="mono">{photo.query.sha256}</dd>
              <dt className="muted">PDQ</dt>
              <dd className="mono">{photo.query.pdq}</dd>
              <dt className="muted">{t("imaging.label.pdqQuality")}</dt>
              <dd>{photo.query.pdqQuality}</dd>
            </dl>
            {photo.query.weak ? <p className="mt-2 text-amber-700">{t("imaging.hash.weak", { quality: photo.query.pdqQuality })}</p> : null}
          </details>
        </section>
      ) : null}

      <section className="card space-y-2 text-sm" data-testid="verify-signer">
        <h2 className="h2">{t("catalog.verify.certificates")}</h2>
        <p>{t("catalog.verify.certificatesIntro")}</p>
        {data.signer ? (
          <p>
            {t("catalog.verify.signer")}:{" "}
            <span className="mono" data-testid="signer-address">
              {data.signer}
            </span>
          </p>
        ) : null}
        <div className="flex flex-wrap gap-3">
          <Link className="text-cobalt-700 hover:underline" to="/verify/certificate">
            {t("catalog.verify.certificateLink")}
          </Link>
          <Link className="text-cobalt-700 hover:underline" to="/verify/license">
            {t("catalog.verify.licenseLink")}
          </Link>
        </div>
        <p className="muted">{t("catalog.verify.api")}</p>
      </section>
    </div>
  );
}

function Verdict({ matches }: { matches: PublicMatch[] }) {
  const { t } = useT();
  const best = matches[0];
  if (!best)
    return (
      <p className="font-medium" data-testid="verify-verdict" data-verdict="none">
        {t("catalog.verify.verdict.none")}
      </p>
    );
  const ns = best.verdict === "motif" ? "motif" : "catalog";
  const key = best.sealed ? `${ns}.verify.verdict.${best.verdict}Sealed` : `${ns}.verify.verdict.${best.verdict}`;
  return (
    <p
      className={`font-medium ${best.verdict === "similar" ? "text-amber-800" : "text-green-800"}`}
      data-testid="verify-verdict"
      data-verdict={best.verdict}
      data-number={best.registrationNumber}
    >
      {t(key, { number: best.registrationNumber, distance: best.distance, inliers: best.inliers ?? 0 })}
    </p>
  );
}

function MatchList({ matches }: { matches: PublicMatch[] }) {
  const { t, locale } = useT();
  if (!matches.length) return null;
  return (
    <ul className="divide-y divide-slate-100" data-testid="verify-matches">
      {matches.map((m, i) => (
        <li
          key={`${m.registrationNumber}-${m.viewKind}-${i}`}
          className="flex items-center gap-3 py-2"
          data-testid="verify-match"
          data-number={m.registrationNumber}
          data-verdict={m.verdict}
        >
          {m.imageSha256 ? (
            <img src={`/resources/images/${m.imageSha256}/320`} alt="" className="h-16 w-16 rounded bg-slate-100 object-contain" loading="lazy" />
          ) : (
            <span className="flex h-16 w-16 items-center justify-center rounded bg-slate-100 text-center text-[10px] text-slate-500">
              {t("catalog.sealed.short")}
            </span>
          )}
          <div className="min-w-0 flex-1 text-sm">
            <p>
              {m.sealed ? (
                t("catalog.verify.sealedMatch", { number: m.registrationNumber })
              ) : (
                <>
                  <Link className="mono text-cobalt-700 hover:underline" to={`/works/${m.registrationNumber}`}>
                    {m.registrationNumber}
                  </Link>{" "}
                  · {(locale === "en" && m.title?.en) || m.title?.zh}
                </>
              )}
            </p>
            <p className="muted">
              {m.verdict === "motif" ? (
                <>
                  {t(`works.view.${m.viewKind}`)} · {t("motif.verify.meaning.motif", { inliers: m.inliers ?? 0 })}
                </>
              ) : (
                <>
                  {t(`works.view.${m.viewKind}`)} · {t("catalog.verify.distance", { distance: m.distance })} · {t(`catalog.verify.meaning.${m.verdict}`)}
                </>
              )}
            </p>
            <p>
              <Link
                className="text-rouge-500 hover:underline"
                to={`/cases/new?work=${encodeURIComponent(m.registrationNumber)}`}
                data-testid="report-copy-link"
              >
                {t("nextsteps.report.thisCopy")}
              </Link>
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
