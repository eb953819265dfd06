import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorList, FormError, useReplyForm } from "~/components/forms";
import { addCaseMessage } from "~/domain/cases/add-case-message.server";
import { addEvidence } from "~/domain/cases/add-evidence.server";
import { answerCase } from "~/domain/cases/answer-case.server";
import {
  MAX_EVIDENCE_FILES,
  caseAnswerFormSchema,
  caseEvidenceFormSchema,
  caseFieldOf,
  caseFormMessage,
  caseMessageFormSchema,
  caseReasonFormSchema,
} from "~/domain/cases/forms";
import { getCaseView } from "~/domain/cases/get-case-view.server";
import { caseNumberSchema } from "~/domain/cases/platforms";
import { transitionCase } from "~/domain/cases/transition-case.server";
import { isDomainError } from "~/domain/errors";
import { getUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { readMultipartUpload } from "~/web/image-upload.server";
import { readForm } from "~/utils/request-body.server";
import { getT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/route-helpers.server";
import { formDomainError, invalidForm, parseForm, type FormReply } from "~/web/form-reply.server";
import type { z } from "zod";
import { useT } from "~/utils/use-t";
import { CaseFacts, CaseStatus, EvidenceList, MatchesSideBySide, Timeline } from "./__case-ui";

export const meta: MetaFunction = ({ params, matches }) => [
  ...pageTitle(matches, "titles.case", { number: params.caseNumber ?? "" }),
  { name: "referrer", content: "no-referrer" },
];

function caseNumberOf(raw: string | undefined): string {
  const parsed = caseNumberSchema.safeParse(raw ?? "");
  invariantResponse(parsed.success, "Not Found", 404);
  return parsed.data;
}

async function view(request: Request, number: string, token: string | null) {
  const user = await getUser(request);
  try {
    return { user, v: await getCaseView({ db: prisma, number, userId: user?.id ?? null, followToken: token }) };
  } catch (e) {
    // A stranger gets the same 404 as a missing case; anonymous visitors may log in instead.
    if (isDomainError(e) && e.code === "NOT_FOUND") {
      if (!user && !token) throw redirect(`/login?redirectTo=${encodeURIComponent(new URL(request.url).pathname)}`);
      throw new Response("Not Found", { status: 404 });
    }
    throw e;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const number = caseNumberOf(params.caseNumber);
  const token = new URL(request.url).searchParams.get("t");
  const { v } = await view(request, number, token);
  const reporterToken = token && v.viewer.parties.includes("reporter") ? token : null;
  // The full address to bookmark (the same link as in the receipt mail).
  const followUrl = reporterToken ? `${getEnv().PUBLIC_URL ?? new URL(request.url).origin}/cases/${number}?t=${encodeURIComponent(reporterToken)}` : null;
  return json({ v, token: reporterToken, followUrl });
}

/**
 * The page's forms: each intent's schema. The message box posts "provide_info" (a reason) when the
 * viewer is a party of an open case (availableEvents allows it in every open status), else "message".
 */
const CASE_FORMS = {
  message: caseMessageFormSchema,
  provide_info: caseReasonFormSchema,
  appeal: caseReasonFormSchema,
  evidence: caseEvidenceFormSchema,
  answer: caseAnswerFormSchema,
} as const;

type CaseFormValue = Partial<z.output<typeof caseAnswerFormSchema> & z.output<typeof caseReasonFormSchema> & z.output<typeof caseEvidenceFormSchema>>;

function isCaseIntent(intent: string): intent is keyof typeof CASE_FORMS {
  return Object.hasOwn(CASE_FORMS, intent);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const number = caseNumberOf(params.caseNumber);
  const isMultipart = (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
  const user = await getUser(request);
  const { t, locale } = await getT(request, user);
  let intent = "";
  try {
    const form = isMultipart
      ? await readMultipartUpload(request, { maxFiles: MAX_EVIDENCE_FILES + 1, maxParts: MAX_EVIDENCE_FILES + 1 + 60 })
      : await readForm(request);
    intent = String(form.get("intent") ?? "");
    const token = String(form.get("t") ?? new URL(request.url).searchParams.get("t") ?? "") || null;
    // Who may see the case first: a stranger gets the 404 of a missing case whatever the form says.
    const { v } = await view(request, number, token);
    if (!isCaseIntent(intent)) return json<FormReply>({ intent, result: null, formError: t("cases.error.unknownAction") }, { status: 400 });
    const caseId = v.case.id;
    const actorId = user?.id ?? null;
    const dataDir = getEnv().DATA_DIR;
    const files = async () => {
      const out = [];
      for (const f of form.getAll("files")) if (typeof f !== "string" && f.size > 0) out.push({ bytes: new Uint8Array(await f.arrayBuffer()), name: f.name });
      return out;
    };
    const submission = parseForm(form, CASE_FORMS[intent]);
    if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: caseFormMessage(submission.error) });
    try {
      const value: CaseFormValue = submission.value;
      if (intent === "message") {
        await addCaseMessage({ db: prisma, actorId, followToken: token, caseId, body: value.body ?? "", dataDir });
      } else if (intent === "evidence") {
        await addEvidence({ db: prisma, dataDir, actorId, followToken: token, caseId, files: await files(), description: value.description ?? "" });
      } else if (intent === "answer") {
        if (!actorId) throw new Response("Forbidden", { status: 403 });
        await answerCase({ db: prisma, dataDir, actorId, caseId, body: value.body ?? "", licenseNumber: value.licenseNumber ?? "", files: await files() });
      } else {
        await transitionCase({ db: prisma, actorId, followToken: token, caseId, event: { type: intent }, reason: value.reason ?? "", dataDir });
      }
    } catch (e) {
      return formDomainError(e, { locale, intent, submission, fieldOf: caseFieldOf, fieldMessageKey: "cases.form.fixErrors" });
    }
    return redirect(`/cases/${number}${token ? `?t=${encodeURIComponent(token)}` : ""}`);
  } catch (e) {
    return formDomainError(e, { locale, intent });
  }
}

export default function CasePage() {
  const { t, dateTime } = useT();
  const { v, token, followUrl } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const busy = nav.state !== "idle";
  const open = v.case.status !== "resolved";
  const isRespondent = v.viewer.parties.includes("respondent");
  const hidden = token ? <input type="hidden" name="t" value={token} /> : null;
  // A party of an open case posts "provide_info" (a reason, kept on the timeline): the state machine
  // allows it in every open status, so availableEvents lists it for every party. Anyone else who sees
  // the box (an officer on the public page) posts a plain "message".
  const messageIntent = v.partyEvents.includes("provide_info") ? "provide_info" : "message";
  const message = useReplyForm("case-message", data, messageIntent);
  const evidence = useReplyForm("case-evidence", data, "evidence");
  const answer = useReplyForm("case-answer", data, "answer");
  const appeal = useReplyForm("case-appeal", data, "appeal");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="muted">
            {t("cases.page.eyebrow")} · {v.viewer.parties.map((p) => t(`cases.actor.${p}`)).join(", ")}
          </p>
          <h1 className="h1 mono !text-2xl" data-testid="case-number">
            {v.case.number}
          </h1>
        </div>
        <div className="flex items-center gap-2">
          <CaseStatus status={v.case.status} resolution={v.case.resolution} />
          {v.viewer.isOfficer ? (
            <Link to={`/officer/cases/${v.case.number}`} className="btn-secondary">
              {t("cases.page.officerView")}
            </Link>
          ) : null}
        </div>
      </div>
      {params.get("new") ? (
        <div role="status" className="card border-green-300 bg-green-50 text-sm" data-testid="report-received">
          <p className="font-medium">{t("cases.page.received", { number: v.case.number })}</p>
          {followUrl ? (
            <p>
              {t("cases.page.followLinkHint")}{" "}
              <a href={followUrl} className="mono break-all text-cobalt-600 hover:underline" data-testid="follow-link">
                {followUrl}
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
      {v.case.status === "resolved" ? (
        <div className="card border-green-300" data-testid="case-outcome">
          <p className="font-medium">
            {t("cases.page.outcome", { resolution: t(`cases.resolution.${v.case.resolution}`), date: v.case.decidedAt ? dateTime(v.case.decidedAt) : "" })}
          </p>
        </div>
      ) : null}
      <FormError message={data?.formError} />

      <CaseFacts v={v} />
      <MatchesSideBySide v={v} token={token} />
      <EvidenceList v={v} token={token} />
      <Timeline v={v} />

      {open ? (
        <section className="card space-y-3">
          <h2 className="h2">{t("cases.page.message")}</h2>
          <Form id={message.form.id} method="post" className="space-y-2">
            {hidden}
            <input type="hidden" name="intent" value={messageIntent} />
            <textarea
              name={messageIntent === "provide_info" ? "reason" : "body"}
              className="input min-h-20"
              required
              maxLength={4000}
              aria-label={t("cases.page.message")}
            />
            <ErrorList errors={message.errors[messageIntent === "provide_info" ? "reason" : "body"]} />
            <button type="submit" className="btn-secondary" disabled={busy}>
              {t("cases.page.send")}
            </button>
          </Form>
          <Form id={evidence.form.id} method="post" encType="multipart/form-data" className="space-y-2">
            {hidden}
            <input type="hidden" name="intent" value="evidence" />
            <label className="block text-sm">
              {t("cases.field.files", { max: MAX_EVIDENCE_FILES })} <input type="file" name="files" multiple accept="image/*,application/pdf" required />
            </label>
            <ErrorList errors={evidence.errors.files} />
            <input
              name="description"
              className="input"
              maxLength={1000}
              placeholder={t("cases.evidence.descriptionPlaceholder")}
              aria-label={t("cases.evidence.descriptionPlaceholder")}
            />
            <ErrorList errors={evidence.errors.description} />
            <button type="submit" className="btn-secondary" disabled={busy}>
              {t("cases.evidence.add")}
            </button>
            <p className="muted">{t("cases.evidence.immutableHint")}</p>
          </Form>
        </section>
      ) : null}

      {open && isRespondent ? (
        <section className="card space-y-2" data-testid="answer-form">
          <h2 className="h2">{t("cases.answer.title")}</h2>
          <Form id={answer.form.id} method="post" encType="multipart/form-data" className="space-y-2">
            <input type="hidden" name="intent" value="answer" />
            <textarea name="body" className="input min-h-20" required maxLength={4000} aria-label={t("cases.answer.title")} />
            <ErrorList errors={answer.errors.body} />
            <label className="block">
              <span className="label">{t("cases.answer.licenseNumber")}</span>
              <input name="licenseNumber" className="input mono" maxLength={40} />
            </label>
            <ErrorList errors={answer.errors.licenseNumber} />
            <label className="block text-sm">
              {t("cases.answer.counterEvidence")} <input type="file" name="files" multiple accept="image/*,application/pdf" />
            </label>
            <ErrorList errors={answer.errors.files} />
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("cases.answer.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {v.partyEvents.includes("appeal") ? (
        <section className="card space-y-2" data-testid="appeal-form">
          <h2 className="h2">{t("cases.event.appeal")}</h2>
          <Form id={appeal.form.id} method="post" className="space-y-2">
            {hidden}
            <input type="hidden" name="intent" value="appeal" />
            <textarea name="reason" className="input min-h-20" required maxLength={4000} aria-label={t("cases.field.reason")} />
            <ErrorList errors={appeal.errors.reason} />
            <button type="submit" className="btn-secondary" disabled={busy}>
              {t("cases.event.appeal")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
