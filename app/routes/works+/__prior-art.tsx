/** Prior-art matches side by side: the work's photo, the matched photo, distance and what it means. */
import { Link } from "@remix-run/react";
import type { DisplayMatch, ViewPriorArt } from "~/domain/registry/prior-art.server";
import { useT } from "~/utils/use-t";

/** `examinedWorkId` (officer examination page): motif matches show their side-by-side picture. */
export function PriorArtPanel({ views, linkOfficer = false, examinedWorkId }: { views: ViewPriorArt[]; linkOfficer?: boolean; examinedWorkId?: string }) {
  const { t, locale } = useT();
  const total = views.reduce((n, v) => n + v.matches.length, 0);
  return (
    <section className="space-y-3" data-testid="prior-art">
      <h2 className="h2">{t("works.priorArt.title")}</h2>
      <p className="muted">{t("works.priorArt.intro")}</p>
      {views.map((v) =>
        v.weak ? (
          <p key={`weak-${v.viewId}`} className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm" data-testid="weak-hash">
            {t(`works.view.${v.kind}`)}: {t("works.priorArt.weak", { quality: v.pdqQuality })}
          </p>
        ) : null,
      )}
      {total === 0 ? (
        <p className="muted rounded-md border border-dashed border-slate-300 p-4 text-center" data-testid="prior-art-none">
          {t("works.priorArt.none")}
        </p>
      ) : (
        <ul className="space-y-3">
          {views.flatMap((v) =>
            v.matches.map((m, i) => (
              <li key={`${v.viewId}-${i}`} className="card grid gap-3 sm:grid-cols-[8rem_8rem_1fr]" data-testid="prior-art-match">
                <figure className="text-xs">
                  <img src={`/resources/images/${v.sha256}/320`} alt="" className="h-32 w-32 rounded border object-cover" />
                  <figcaption>
                    {t("works.priorArt.yourView")} · {t(`works.view.${v.kind}`)}
                  </figcaption>
                </figure>
                <MatchedImage m={m} />
                <div className="space-y-1 text-sm">
                  {m.verdict === "motif" ? (
                    <>
                      <div>
                        <span className="rounded bg-rose-100 px-2 py-0.5 text-xs font-semibold text-rouge-500" data-testid="prior-art-motif">
                          {t("motif.verdict.motif")}
                        </span>{" "}
                        <span className="mono" data-testid="match-inliers">
                          {t("motif.score", { score: m.inliers ?? 0 })}
                        </span>
                      </div>
                      <p>{t("motif.priorArt.motif", { score: m.inliers ?? 0 })}</p>
                    </>
                  ) : (
                    <>
                      <div>
                        <span
                          className={`rounded px-2 py-0.5 text-xs font-semibold ${m.verdict === "same" ? "bg-rose-100 text-rouge-500" : "bg-amber-100 text-amber-800"}`}
                        >
                          {t(m.verdict === "same" ? "works.priorArt.same" : "works.priorArt.similar")}
                        </span>{" "}
                        <span className="mono" data-testid="match-distance">
                          {t("imaging.label.distance", { bits: m.distance })}
                        </span>
                      </div>
                      <p>{t(m.verdict === "same" ? "works.priorArt.sameMeaning" : "works.priorArt.similarMeaning", { distance: m.distance })}</p>
                    </>
                  )}
                  {m.restricted ? (
                    <p className="font-medium" data-testid="match-restricted">
                      {t(m.restricted === "sealed" ? "works.priorArt.sealed" : "works.priorArt.pending")}
                      {m.registrationNumber ? <span className="mono"> · {m.registrationNumber}</span> : null}
                    </p>
                  ) : (
                    <p>
                      {(locale === "en" && m.titleEn) || m.titleZh} · {m.ownerName} · {t(`works.status.${m.workStatus}`)}
                      {m.sealed ? ` · ${t("works.visibility.sealed")}` : ""}
                      {m.registrationNumber ? (
                        <>
                          {" · "}
                          <Link className="mono text-cobalt-600 hover:underline" to={`/works/${m.registrationNumber}`}>
                            {m.registrationNumber}
                          </Link>
                        </>
                      ) : null}
                      {linkOfficer && m.workStatus === "submitted" ? (
                        <>
                          {" · "}
                          <Link className="text-cobalt-600 hover:underline" to={`/officer/examination/${m.workId}`}>
                            {t("works.exam.details")}
                          </Link>
                        </>
                      ) : null}
                    </p>
                  )}
                </div>
                {examinedWorkId && m.verdict === "motif" && !m.restricted ? (
                  <figure className="sm:col-span-3">
                    <img
                      src={`/officer/examination/${examinedWorkId}/motif/${v.viewId}/${m.matchedViewId}`}
                      alt={t("motif.evidence.alt", { registrationNumber: m.registrationNumber ?? "" })}
                      className="w-full rounded border border-slate-200"
                      loading="lazy"
                      data-testid="prior-art-motif-picture"
                    />
                    <figcaption className="muted">{t("motif.evidence.priorArtCaption")}</figcaption>
                  </figure>
                ) : null}
              </li>
            )),
          )}
        </ul>
      )}
    </section>
  );
}

function MatchedImage({ m }: { m: DisplayMatch }) {
  const { t } = useT();
  if (m.restricted) {
    return (
      <div className="flex h-32 w-32 items-center justify-center rounded border border-dashed text-center text-xs text-slate-500">
        {t(m.restricted === "sealed" ? "works.priorArt.sealed" : "works.priorArt.pending")}
      </div>
    );
  }
  return (
    <figure className="text-xs">
      <img src={`/resources/images/${m.sha256}/320`} alt="" className="h-32 w-32 rounded border object-cover" />
      <figcaption>
        {t("works.priorArt.matchedView")} · {t(`works.view.${m.viewKind}`)}
      </figcaption>
    </figure>
  );
}
