import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList, FormError, useReplyForm } from "~/components/forms";
import { addCaseMessage } from "~/domain/cases/add-case-message.server";
import { assignCase } from "~/domain/cases/assign-case.server";
import { CASE_PARTIES } from "~/domain/cases/case-state";
import { caseFormMessage, officerTransitionFormSchema, noticeFormSchema } from "~/domain/cases/forms";
import { getCaseView } from "~/domain/cases/get-case-view.server";
import { listOfficers } from "~/domain/cases/list-cases.server";
import { caseNumberSchema, PLATFORMS } from "~/domain/cases/platforms";
import { sendNotice } from "~/domain/cases/send-notice.server";
import { setCaseRespondent } from "~/domain/cases/set-case-respondent.server";
import { setOwnershipDispute } from "~/domain/cases/set-ownership-dispute.server";
import { transitionCase } from "~/domain/cases/transition-case.server";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { formDomainError, invalidForm, parseForm, type FormReply } from "~/web/form-reply.server";
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
  const { t, locale } = await getT(request, user);
  const kase = await prisma.infringementCase.findUnique({ where: { number }, select: { id: true } });
  invariantResponse(kase, "Not Found", 404);
  const form = await readPageForm(request);
  let intent = String(form.get("intent") ?? "");
  const dataDir = getEnv().DATA_DIR;
  try {
    if (intent === "transition") {
      const submission = parseForm(form, officerTransitionFormSchema);
      // Each transition has its own form: the reply names which one.
      intent = `transition-${String(form.get("type") ?? "")}`;
      if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: caseFormMessage(submission.error) });
      const { type, resolution, from, reason } = submission.value;
      const event = type === "resolve" ? { type, resolution } : type === "request_info" ? { type, from: from ?? "reporter" } : { type };
      await transitionCase({ db: prisma, actorId: user.id, caseId: kase.id, event, reason, dataDir });
    } else if (intent === "notice") {
      const submission = parseForm(form, noticeFormSchema);
      if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: "cases.form.reasonRequired" });
      await sendNotice({
        db: prisma,
        dataDir,
        actorId: user.id,
        caseId: kase.id,
        ...submission.value,
        origin: getEnv().PUBLIC_URL ?? new URL(request.url).origin,
      });
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
      return json<FormReply>({ intent, result: null, formError: t("cases.error.unknownAction") }, { status: 400 });
    }
    return redirect(`/officer/cases/${number}`);
  } catch (e) {
    return formDomainError(e, { locale, intent });
  }
}

/** A reason-carrying state change (triage, resolve, …): its own form, its own errors. */
function TransitionForm({ type, resolutions, busy }: { type: string; resolutions: readonly string[]; busy: boolean }) {
  const { t } = useT();
  const { form, errors } = useReplyForm(`transition-${type}`, useActionData<typeof action>(), `transition-${type}`);
  return (
    <Form id={form.id} method="post" className="space-y-1 border-t border-slate-200 pt-2" data-testid={`transition-${type}`}>
      <input type="hidden" name="intent" value="transition" />
      <input type="hidden" name="type" value={type} />
      {type === "resolve" ? (
        <select name="resolution" className="input" aria-label={t("cases.field.resolution")}>
          {resolutions.map((r) => (
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
      <ErrorList errors={errors.reason} />
      <button type="submit" className="btn-secondary w-full" disabled={busy}>
        {t(`cases.event.${type}`)}
      </button>
    </Form>
  );
}

/** A note for officers only, or a message to the parties: the same form, another intent. */
function CaseMessageForm({ intent, label, submit, busy }: { intent: "note" | "message"; label: string; submit: string; busy: boolean }) {
  return (
    <Form method="post" className="space-y-1">
      <input type="hidden" name="intent" value={intent} />
      <textarea name="body" className="input min-h-16" required maxLength={4000} aria-label={label} placeholder={label} />
      <button type="submit" className="btn-secondary" disabled={busy}>
        {submit}
      </button>
    </Form>
  );
}

export default function OfficerCase() {
  const { t, locale } = useT();
  const { v, officers, me } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const notice = useReplyForm("notice-send", data, "notice");
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
              <TransitionForm key={type} type={type} resolutions={v.resolutions} busy={busy} />
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
              <Form id={notice.form.id} method="post" className="space-y-1">
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
                <ErrorList errors={notice.errors.reason} />
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
            <CaseMessageForm intent="note" label={t("cases.officer.internalNote")} submit={t("cases.officer.addNote")} busy={busy} />
            <CaseMessageForm intent="message" label={t("cases.officer.messageParties")} submit={t("cases.officer.sendMessage")} busy={busy} />
          </section>
        </aside>
      </div>
    </div>
  );
}
