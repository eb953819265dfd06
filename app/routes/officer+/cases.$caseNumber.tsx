import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/forms";
import { addCaseMessage } from "~/domain/cases/add-case-message.server";
import { assignCase } from "~/domain/cases/assign-case.server";
import { CASE_PARTIES } from "~/domain/cases/case-state";
import { officerTransitionFormSchema, noticeFormSchema } from "~/domain/cases/forms";
import { getCaseView } from "~/domain/cases/get-case-view.server";
import { listOfficers } from "~/domain/cases/list-cases.server";
import { caseNumberSchema, PLATFORMS } from "~/domain/cases/platforms";
import { sendNotice } from "~/domain/cases/send-notice.server";
import { setCaseRespondent } from "~/domain/cases/set-case-respondent.server";
import { setOwnershipDispute } from "~/domain/cases/set-ownership-dispute.server";
import { transitionCase } from "~/domain/cases/transition-case.server";
import { isDomainError } from "~/domain/errors";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { reviewCaseMatch } from "~/domain/cases/review-case-match.server";
import { CaseFacts, CaseStatus, EvidenceList, MatchesSideBySide, SlaBadge, Timeline } from "~/routes/cases+/__case-ui";

export const meta: MetaFunction = ({ params, matches }) => [...pageTitle(matches, "titles.officerCase", { number: params.caseNumber ?? "" })];

function caseNumberOf(raw: string | undefined) {
  const parsed = caseNumberSchema.safeParse(raw ?? "");
  invariantResponse(parsed.success, "Not Found", 404);
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "case:handle");
  const number = caseNumberOf(params.caseNumber);
  const exists = await prisma.infringementCase.count({ where: { number } });
  invariantResponse(exists, "Not Found", 404);
  const [v, officers] = await Promise.all([getCaseView({ db: prisma, number, userId: user.id }), listOfficers({ db: prisma })]);
  return json({ v, officers, me: user.id });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "case:handle");
  const number = caseNumberOf(params.caseNumber);
  const { t } = await getT(request, user);
  const kase = await prisma.infringementCase.findUnique({ where: { number }, select: { id: true } });
  invariantResponse(kase, "Not Found", 404);
  const form = await readPageForm(request);
  const intent = String(form.get("intent") ?? "");
  const dataDir = getEnv().DATA_DIR;
  const fail = (formError: string, status: number) => json({ formError }, { status });
  try {
    if (intent === "transition") {
      const parsed = officerTransitionFormSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) return fail(t(parsed.error.issues[0]?.message.startsWith("cases.") ? parsed.error.issues[0].message : "cases.form.fixErrors"), 400);
      const { type, resolution, from, reason } = parsed.data;
      const event = type === "resolve" ? { type, resolution } : type === "request_info" ? { type, from: from ?? "reporter" } : { type };
      await transitionCase({ db: prisma, actorId: user.id, caseId: kase.id, event, reason, dataDir });
    } else if (intent === "notice") {
      const parsed = noticeFormSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) return fail(t("cases.form.reasonRequired"), 400);
      await sendNotice({ db: prisma, dataDir, actorId: user.id, caseId: kase.id, ...parsed.data, origin: getEnv().PUBLIC_URL ?? new URL(request.url).origin });
    } else if (intent === "note" || intent === "message") {
      await addCaseMessage({ db: prisma, actorId: user.id, caseId: kase.id, body: String(form.get("body") ?? ""), internal: intent === "note", dataDir });
    } else if (intent === "assign") {
      const to = String(form.get("assigneeId") ?? "");
      await assignCase({ db: prisma, actorId: user.id, caseId: kase.id, assigneeId: to || null });
    } else if (intent === "ownership_dispute") {
      await setOwnershipDispute({
        db: prisma,
        actorId: user.id,
        caseId: kase.id,
        workId: String(form.get("workId") ?? ""),
        disputed: form.get("disputed") === "1",
      });
    } else if (intent === "review_match") {
      await reviewCaseMatch({
        db: prisma,
        actorId: user.id,
        caseId: kase.id,
        matchId: String(form.get("matchId") ?? ""),
        review: String(form.get("review") ?? ""),
      });
    } else if (intent === "respondent") {
      await setCaseRespondent({ db: prisma, actorId: user.id, caseId: kase.id, email: String(form.get("email") ?? "") });
    } else {
      return fail(t("cases.error.unknownAction"), 400);
    }
    return redirect(`/officer/cases/${number}`);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return fail(t(e.messageKey, e.params), e.status);
  }
}

export default function OfficerCase() {
  const { t, locale } = useT();
  const { v, officers, me } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const nav = useNavigation();
  const busy = nav.state !== "idle";
  const n = v.case.number;
  const transitions = v.officerEvents.filter((e) => e !== "send_notice");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="muted">
            <Link to="/officer/cases" className="hover:underline">
              {t("cases.officer.title")}
            </Link>
          </p>
          <h1 className="h1 mono !text-2xl" data-testid="case-number">
            {n}
          </h1>
          <div className="mt-1 flex flex-wrap gap-2 text-sm">
            {!v.sla.triage.done ? (
              <span>
                {t("cases.sla.triage")}: <SlaBadge status={v.sla.triage.status} dueAt={v.sla.triage.dueAt} />
              </span>
            ) : null}
            {v.case.status !== "resolved" ? (
              <span>
                {t("cases.sla.decision")}: <SlaBadge status={v.sla.decision.status} dueAt={v.case.decisionDueAt} />
              </span>
            ) : null}
          </div>
        </div>
        <div className="flex items-center gap-2">
          <CaseStatus status={v.case.status} resolution={v.case.resolution} />
          <a href={`/officer/cases/${n}/package.zip`} className="btn-secondary" data-testid="package-link">
            {t("cases.officer.package")}
          </a>
        </div>
      </div>
      <FormError message={data?.formError} />

      <div className="grid gap-6 lg:grid-cols-[2fr,1fr]">
        <div className="space-y-6">
          <MatchesSideBySide v={v} token={null} reviewable />
          <CaseFacts v={v} />
          <EvidenceList v={v} token={null} />
          <Timeline v={v} />
        </div>
        <aside className="space-y-4">
          <section className="card space-y-2" data-testid="transition-forms">
            <h2 className="h2">{t("cases.officer.actions")}</h2>
            {transitions.length === 0 ? <p className="muted">{t("cases.officer.noActions")}</p> : null}
            {transitions.map((type) => (
              <Form key={type} method="post" className="space-y-1 border-t border-slate-200 pt-2" data-testid={`transition-${type}`}>
                <input type="hidden" name="intent" value="transition" />
                <input type="hidden" name="type" value={type} />
                {type === "resolve" ? (
                  <select name="resolution" className="input" aria-label={t("cases.field.resolution")}>
                    {v.resolutions.map((r) => (
                      <option key={r} value={r}>
                        {t(`cases.resolution.${r}`)}
                      </option>
                    ))}
                  </select>
                ) : null}
                {type === "request_info" ? (
                  <select name="from" className="input" aria-label={t("cases.field.from")}>
                    {CASE_PARTIES.map((p) => (
                      <option key={p} value={p}>
                        {t(`cases.actor.${p}`)}
                      </option>
                    ))}
                  </select>
                ) : null}
                <textarea
                  name="reason"
                  className="input min-h-12"
                  required
                  minLength={2}
                  maxLength={4000}
                  placeholder={t("cases.field.reason")}
                  aria-label={t("cases.field.reason")}
                />
                <button type="submit" className="btn-secondary w-full" disabled={busy}>
                  {t(`cases.event.${type}`)}
                </button>
              </Form>
            ))}
          </section>

          {v.works.length ? (
            <section className="card space-y-2" data-testid="ownership-dispute">
              <h2 className="h2">{t("cases.works.title")}</h2>
              <p className="muted">{t("cases.works.disputeHint")}</p>
              {v.works.map((w) => (
                <Form
                  key={w.id}
                  method="post"
                  className="space-y-2 border-t border-slate-200 pt-2"
                  data-testid="dispute-work"
                  data-disputed={w.disputesOwnership ? "yes" : "no"}
                  onSubmit={(e) => {
                    if (!w.disputesOwnership && !confirm(t("cases.works.markConfirm", { number: w.registrationNumber ?? "" }))) e.preventDefault();
                  }}
                >
                  <input type="hidden" name="intent" value="ownership_dispute" />
                  <input type="hidden" name="workId" value={w.id} />
                  <input type="hidden" name="disputed" value={w.disputesOwnership ? "0" : "1"} />
                  <div className="text-sm">
                    {w.title ? <div className="font-medium">{(locale === "en" && w.title.en) || w.title.zh}</div> : null}
                    {w.registrationNumber ? (
                      <Link to={`/works/${w.registrationNumber}`} className="mono text-cobalt-600 hover:underline">
                        {w.registrationNumber}
                      </Link>
                    ) : null}
                  </div>
                  <p className={w.disputesOwnership ? "rounded bg-rose-50 p-2 text-sm text-rose-800" : "muted"} data-testid="dispute-state">
                    {w.disputesOwnership ? t("cases.works.state.disputed") : t("cases.works.state.copy")}
                  </p>
                  <button type="submit" className="btn-secondary w-full" disabled={busy} data-testid={`dispute-${w.registrationNumber}`}>
                    {w.disputesOwnership ? t("cases.works.clearDispute") : t("cases.works.markDispute")}
                  </button>
                </Form>
              ))}
            </section>
          ) : null}

          {v.officerEvents.includes("send_notice") || v.case.status === "notice_sent" ? (
            <section className="card space-y-2" data-testid="notice-form">
              <h2 className="h2">{t("cases.notice.title")}</h2>
              <Form method="get" action={`/officer/cases/${n}/notice.pdf`} reloadDocument target="_blank" className="flex gap-2">
                <select name="platform" className="input" defaultValue={v.case.platform} aria-label={t("cases.field.platform")}>
                  {PLATFORMS.map((p) => (
                    <option key={p} value={p}>
                      {t(`cases.platform.${p}`)}
                    </option>
                  ))}
                </select>
                <button type="submit" className="btn-secondary">
                  {t("cases.notice.preview")}
                </button>
              </Form>
              <Form method="post" className="space-y-1">
                <input type="hidden" name="intent" value="notice" />
                <select name="platform" className="input" defaultValue={v.case.platform} aria-label={t("cases.field.platform")}>
                  {PLATFORMS.map((p) => (
                    <option key={p} value={p}>
                      {t(`cases.platform.${p}`)}
                    </option>
                  ))}
                </select>
                <input name="sentTo" className="input" maxLength={300} placeholder={t("cases.notice.sentTo")} aria-label={t("cases.notice.sentTo")} />
                <textarea
                  name="reason"
                  className="input min-h-12"
                  required
                  minLength={2}
                  placeholder={t("cases.field.reason")}
                  aria-label={t("cases.notice.reason")}
                />
                <button type="submit" className="btn-primary w-full" disabled={busy} data-testid="notice-send">
                  {t("cases.notice.markSent")}
                </button>
              </Form>
              <ul className="text-sm" data-testid="notices">
                {v.notices.map((x) => (
                  <li key={x.id}>
                    <a href={`/officer/cases/${n}/notice/${x.id}.pdf`} className="text-cobalt-600 hover:underline">
                      {t(`cases.platform.${x.platform}`)}
                    </a>{" "}
                    · {x.sentBy} · <span className="mono text-xs">{x.sha256.slice(0, 16)}…</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <section className="card space-y-2">
            <h2 className="h2">{t("cases.field.assignee")}</h2>
            <Form method="post" className="flex gap-2">
              <input type="hidden" name="intent" value="assign" />
              <select name="assigneeId" className="input" defaultValue={v.case.assignee?.id ?? ""} aria-label={t("cases.field.assignee")}>
                <option value="">{t("cases.officer.unassigned")}</option>
                {officers.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                    {o.id === me ? ` (${t("cases.officer.me")})` : ""}
                  </option>
                ))}
              </select>
              <button type="submit" className="btn-secondary shrink-0 whitespace-nowrap" disabled={busy}>
                {t("cases.officer.assign")}
              </button>
            </Form>
            <h2 className="h2">{t("cases.actor.respondent")}</h2>
            <Form method="post" className="flex gap-2">
              <input type="hidden" name="intent" value="respondent" />
              <input
                name="email"
                type="email"
                className="input"
                defaultValue={v.case.accused?.email ?? ""}
                placeholder={t("cases.officer.respondentEmail")}
                aria-label={t("cases.officer.respondentEmail")}
              />
              <button type="submit" className="btn-secondary shrink-0 whitespace-nowrap" disabled={busy}>
                {t("cases.officer.link")}
              </button>
            </Form>
          </section>

          <section className="card space-y-2">
            <h2 className="h2">{t("cases.officer.notes")}</h2>
            <Form method="post" className="space-y-1">
              <input type="hidden" name="intent" value="note" />
              <textarea
                name="body"
                className="input min-h-16"
                required
                maxLength={4000}
                aria-label={t("cases.officer.internalNote")}
                placeholder={t("cases.officer.internalNote")}
              />
              <button type="submit" className="btn-secondary" disabled={busy}>
                {t("cases.officer.addNote")}
              </button>
            </Form>
            <Form method="post" className="space-y-1">
              <input type="hidden" name="intent" value="message" />
              <textarea
                name="body"
                className="input min-h-16"
                required
                maxLength={4000}
                aria-label={t("cases.officer.messageParties")}
                placeholder={t("cases.officer.messageParties")}
              />
              <button type="submit" className="btn-secondary" disabled={busy}>
                {t("cases.officer.sendMessage")}
              </button>
            </Form>
          </section>
        </aside>
      </div>
    </div>
  );
}
