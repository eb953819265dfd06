import type { SerializeFrom } from "@remix-run/node";
import type { CaseView } from "~/domain/cases/get-case-view.server";
import { Link } from "@remix-run/react";
import { EmptyState } from "~/components/list-ui";
import { useT } from "~/utils/use-t";

type View = SerializeFrom<CaseView>;

const STATUS_CLASS: Record<string, string> = {
  reported: "bg-slate-100 text-slate-800",
  triage: "bg-amber-100 text-amber-900",
  investigating: "bg-blue-100 text-blue-900",
  notice_sent: "bg-violet-100 text-violet-900",
  mediation: "bg-teal-100 text-teal-900",
  resolved: "bg-green-100 text-green-900",
};

export function CaseStatus({ status, resolution }: { status: string; resolution?: string | null }) {
  const { t } = useT();
  return (
    <span
      className={`rounded px-2 py-0.5 text-sm font-medium ${STATUS_CLASS[status] ?? ""}`}
      data-testid="case-status"
      data-status={status}
      data-resolution={status === "resolved" ? (resolution ?? undefined) : undefined}
    >
      {t(`cases.status.${status}`)}
      {status === "resolved" && resolution ? ` · ${t(`cases.resolution.${resolution}`)}` : ""}
    </span>
  );
}

export function SlaBadge({ status, dueAt }: { status: string; dueAt: string }) {
  const { t, dateTime } = useT();
  const cls = status === "overdue" ? "bg-rose-100 text-rouge-500 font-semibold" : status === "due_soon" ? "bg-amber-100 text-amber-900" : "text-slate-600";
  return (
    <span className={`rounded px-1 text-xs ${cls}`} data-sla={status} title={t("cases.sla.dueAt", { date: dateTime(dueAt) })}>
      {t(`cases.sla.status.${status}`)} · {dateTime(dueAt)}
    </span>
  );
}

function fileUrl(number: string, evidenceId: string, token: string | null, size?: 320 | 1280) {
  const q = new URLSearchParams();
  if (size) q.set("size", String(size));
  if (token) q.set("t", token);
  const s = q.toString();
  return `/cases/${number}/file/${evidenceId}${s ? `?${s}` : ""}`;
}

function viewUrl(number: string, matchId: string, token: string | null) {
  return `/cases/${number}/view/${matchId}${token ? `?t=${encodeURIComponent(token)}` : ""}`;
}

export function CaseFacts({ v }: { v: View }) {
  const { t, locale, dateTime } = useT();
  const c = v.case;
  return (
    <section className="card space-y-2" data-testid="case-facts">
      <dl className="grid grid-cols-[auto,1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="muted">{t("cases.field.platform")}</dt>
        <dd>{t(`cases.platform.${c.platform}`)}</dd>
        {c.url ? (
          <>
            <dt className="muted">{t("cases.field.url")}</dt>
            <dd className="mono break-all">{c.url}</dd>
          </>
        ) : null}
        {c.sellerId ? (
          <>
            <dt className="muted">{t("cases.field.sellerId")}</dt>
            <dd>{c.sellerId}</dd>
          </>
        ) : null}
        <dt className="muted">{t("cases.field.standing")}</dt>
        <dd>{t(`cases.standing.${c.standing}`)}</dd>
        {c.reporter ? (
          <>
            <dt className="muted">{t("cases.actor.reporter")}</dt>
            <dd>{[c.reporter.name, c.reporter.email].filter(Boolean).join(" · ") || "—"}</dd>
          </>
        ) : null}
        <dt className="muted">{t("cases.field.reportedAt")}</dt>
        <dd>{dateTime(c.createdAt)}</dd>
        {c.decidedAt ? (
          <>
            <dt className="muted">{t("cases.field.decidedAt")}</dt>
            <dd>{dateTime(c.decidedAt)}</dd>
          </>
        ) : null}
        {c.appealUntil ? (
          <>
            <dt className="muted">{t("cases.field.appealUntil")}</dt>
            <dd>{dateTime(c.appealUntil)}</dd>
          </>
        ) : null}
      </dl>
      <p className="whitespace-pre-line text-sm">{c.description}</p>
      <div>
        <h3 className="font-medium">{t("cases.works.title")}</h3>
        <ul className="text-sm" data-testid="case-works">
          {v.works.map((w) => (
            <li key={w.id}>
              <span className="mono">{w.registrationNumber}</span>{" "}
              {w.title ? `· ${(locale === "en" && w.title.en) || w.title.zh}` : `· ${t("cases.sealedWork")}`}
              {w.ownerName ? <span className="muted"> · {w.ownerName}</span> : null}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function motifPictureUrl(number: string, matchId: string, token: string | null): string {
  return `/cases/${number}/motif/${matchId}${token ? `?t=${encodeURIComponent(token)}` : ""}`;
}

/** An officer's confirm/dismiss of an automatic match (officer page only). */
function MatchReview({ m, reviewable }: { m: View["matches"][number]; reviewable: boolean }) {
  const { t } = useT();
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="match-review" data-review={m.review ?? "pending"}>
      <span className={m.review === "confirmed" ? "font-medium text-rouge-500" : m.review === "dismissed" ? "muted line-through" : "muted"}>
        {t(m.review ? `motif.review.${m.review}` : "motif.review.pending")}
      </span>
      {reviewable ? (
        <form method="post" className="flex gap-2">
          <input type="hidden" name="intent" value="review_match" />
          <input type="hidden" name="matchId" value={m.id} />
          {m.review !== "confirmed" ? (
            <button type="submit" name="review" value="confirmed" className="btn-secondary" data-testid="match-confirm">
              {t("motif.review.confirm")}
            </button>
          ) : null}
          {m.review !== "dismissed" ? (
            <button type="submit" name="review" value="dismissed" className="btn-secondary" data-testid="match-dismiss">
              {t("motif.review.dismiss")}
            </button>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}

export function MatchesSideBySide({ v, token, reviewable = false }: { v: View; token: string | null; reviewable?: boolean }) {
  const { t, locale } = useT();
  const evidenceById = new Map(v.evidence.map((e) => [e.id, e]));
  return (
    <section className="card space-y-3" data-testid="case-matches">
      <h2 className="h2">
        {t("cases.match.title")} ({v.matches.length})
      </h2>
      {v.matches.length === 0 ? <p className="muted">{t("cases.match.none")}</p> : null}
      {v.matches.map((m) => {
        const e = evidenceById.get(m.evidenceId);
        return (
          <div key={m.id} className="grid gap-3 border-t border-slate-200 pt-3 sm:grid-cols-[1fr,auto,1fr]" data-testid="match-row" data-verdict={m.verdict}>
            <figure>
              {e?.isImage ? (
                <img src={fileUrl(v.case.number, m.evidenceId, token, 320)} alt={t("cases.match.suspect")} className="max-h-56 w-full object-contain" />
              ) : null}
              <figcaption className="muted">
                {t("cases.match.suspect")} · {e?.originalName}
              </figcaption>
            </figure>
            <div className="self-center text-center text-sm">
              <div className={m.verdict === "similar" ? "font-semibold text-amber-700" : "font-semibold text-rouge-500"} data-testid="match-verdict">
                {m.verdict === "motif" ? t("motif.verdict.motif") : t(`cases.verdict.${m.verdict}`)}
              </div>
              {m.verdict === "motif" ? (
                <div className="mono" data-testid="match-inliers">
                  {t("motif.score", { score: m.inliers ?? 0 })}
                </div>
              ) : (
                <div className="mono" data-testid="match-distance">
                  {t("cases.match.distance", { distance: m.distance })}
                </div>
              )}
              <div className="muted">{m.method.toUpperCase()}</div>
            </div>
            <figure>
              {m.showView ? (
                <img src={viewUrl(v.case.number, m.id, token)} alt={t("cases.match.registered")} className="max-h-56 w-full object-contain" />
              ) : (
                <div className="muted flex h-32 items-center justify-center rounded border border-dashed">{t("cases.sealedWork")}</div>
              )}
              <figcaption className="muted">
                {m.sealed && !m.title ? (
                  t("cases.report.sealedMatch", { number: m.registrationNumber ?? "" })
                ) : (
                  <>
                    <span className="mono" data-testid="match-registration">
                      {m.registrationNumber}
                    </span>{" "}
                    · {t(`cases.viewKind.${m.viewKind}`)}
                    {m.title ? ` · ${(locale === "en" && m.title.en) || m.title.zh}` : ""}
                  </>
                )}
              </figcaption>
            </figure>
            {m.picture && m.showView ? (
              <figure className="sm:col-span-3">
                <img
                  src={motifPictureUrl(v.case.number, m.id, token)}
                  alt={t("motif.evidence.alt", { registrationNumber: m.registrationNumber ?? "" })}
                  className="w-full rounded border border-slate-200"
                  loading="lazy"
                  data-testid="motif-evidence"
                />
                <figcaption className="muted">{t("motif.evidence.caption")}</figcaption>
              </figure>
            ) : null}
            {reviewable || m.review ? (
              <div className="sm:col-span-3">
                <MatchReview m={m} reviewable={reviewable} />
              </div>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}

export function EvidenceList({ v, token }: { v: View; token: string | null }) {
  const { t, dateTime } = useT();
  return (
    <section className="card space-y-2" data-testid="case-evidence">
      <h2 className="h2">
        {t("cases.evidence.title")} ({v.evidence.length})
      </h2>
      <ul className="divide-y text-sm">
        {v.evidence.map((e) => (
          <li key={e.id} className="flex gap-3 py-2" data-testid="evidence-item">
            {e.isImage ? <img src={fileUrl(v.case.number, e.id, token, 320)} alt="" className="h-16 w-16 object-contain" loading="lazy" /> : null}
            <div className="min-w-0">
              <a href={fileUrl(v.case.number, e.id, token)} className="text-cobalt-600 hover:underline">
                {e.originalName || e.mime}
              </a>
              <div className="muted">
                {t(`cases.party.${e.party}`)} · {dateTime(e.createdAt)} · {e.mime} · {e.sizeBytes} B{e.uploader ? ` · ${e.uploader}` : ""}
              </div>
              <div className="mono break-all text-xs" data-testid="evidence-sha256">
                SHA-256 {e.sha256}
              </div>
              {e.description ? <div>{e.description}</div> : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

const LICENSE_CLASS: Record<string, string> = {
  valid: "text-green-700",
  other_work: "text-rouge-500",
  inactive: "text-rouge-500",
  not_found: "text-rouge-500",
  invalid: "text-rouge-500",
};

export function Timeline({ v }: { v: View }) {
  const { t, dateTime } = useT();
  return (
    <section className="card space-y-2" data-testid="case-timeline">
      <h2 className="h2">{t("cases.timeline.title")}</h2>
      <ol className="space-y-2 text-sm">
        {v.timeline.map((e) => {
          const body = e.body as {
            text?: string;
            reason?: string;
            event?: { type: string; resolution?: string; from?: string };
            license?: { result: string; licenseNumber: string; status?: string };
            platform?: string;
            sha256?: string;
          };
          return (
            <li
              key={e.id}
              className={`rounded border p-2 ${e.internal ? "border-amber-300 bg-amber-50" : "border-slate-200"}`}
              data-testid="timeline-item"
              data-kind={e.kind}
              data-internal={e.internal ? "1" : "0"}
            >
              <div className="muted">
                {dateTime(e.at)} · {t(`cases.party.${e.party}`)}
                {e.actor ? ` · ${e.actor}` : ""}
                {e.internal ? ` · ${t("cases.timeline.internal")}` : ""}
              </div>
              <div>
                {e.kind === "transition" || e.kind === "info_request" ? (
                  <span className="font-medium">
                    {body.event ? t(`cases.event.${body.event.type}`) : t("cases.timeline.reported")}
                    {body.event?.type === "request_info" && body.event.from ? ` → ${t(`cases.actor.${body.event.from}`)}` : ""}
                    {e.to && body.event ? ` → ${t(`cases.status.${e.to}`)}` : ""}
                    {body.event?.resolution ? ` · ${t(`cases.resolution.${body.event.resolution}`)}` : ""}
                  </span>
                ) : (
                  <span className="font-medium">{t(`cases.timeline.kind.${e.kind}`)}</span>
                )}
                {body.platform ? ` · ${t(`cases.platform.${body.platform}`)}` : ""}
              </div>
              {body.reason ? <p className="whitespace-pre-line">{body.reason}</p> : null}
              {body.text ? <p className="whitespace-pre-line">{body.text}</p> : null}
              {body.license ? (
                <p className={LICENSE_CLASS[body.license.result]} data-testid="license-check" data-result={body.license.result}>
                  <span className="mono">{body.license.licenseNumber}</span> · {t(`cases.license.${body.license.result}`)}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

type CaseRow = { number: string; status: string; resolution?: string | null; platform: string; createdAt: string };

/**
 * A table of cases: number (a link to `href`), status and platform first, the page's own `columns`
 * after them, the report date last; `empty` when there are none.
 */
export function CaseTable<C extends CaseRow>({
  cases,
  href,
  columns,
  empty,
  testId,
  rowProps,
}: {
  cases: C[];
  href: (c: C) => string;
  columns: { header: string; cell: (c: C) => React.ReactNode }[];
  empty: string;
  testId: string;
  rowProps?: (c: C) => React.HTMLAttributes<HTMLTableRowElement> & { "data-testid"?: string };
}) {
  const { t, dateTime } = useT();
  if (!cases.length) return <EmptyState>{empty}</EmptyState>;
  return (
    <table className="table card" data-testid={testId}>
      <thead>
        <tr>
          <th>{t("cases.field.number")}</th>
          <th>{t("cases.field.status")}</th>
          <th>{t("cases.field.platform")}</th>
          {columns.map((col) => (
            <th key={col.header}>{col.header}</th>
          ))}
          <th>{t("cases.field.reportedAt")}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.number} {...rowProps?.(c)}>
            <td>
              <Link to={href(c)} className="mono text-cobalt-600 hover:underline">
                {c.number}
              </Link>
            </td>
            <td>
              <CaseStatus status={c.status} resolution={c.resolution} />
            </td>
            <td>{t(`cases.platform.${c.platform}`)}</td>
            {columns.map((col) => (
              <td key={col.header}>{col.cell(c)}</td>
            ))}
            <td>{dateTime(c.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
