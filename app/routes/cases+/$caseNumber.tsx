import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormError } from "~/components/forms";
import { addCaseMessage } from "~/domain/cases/add-case-message.server";
import { addEvidence } from "~/domain/cases/add-evidence.server";
import { answerCase } from "~/domain/cases/answer-case.server";
import { MAX_EVIDENCE_FILES } from "~/domain/cases/forms";
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
import { domainErrorResponse, invariantResponse } from "~/utils/route-helpers.server";
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

export async function action({ request, params }: ActionFunctionArgs) {
  const number = caseNumberOf(params.caseNumber);
  const isMultipart = (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
  const user = await getUser(request);
  const { t, locale } = await getT(request, user);
  try {
    const form = isMultipart
      ? await readMultipartUpload(request, { maxFiles: MAX_EVIDENCE_FILES + 1, maxParts: MAX_EVIDENCE_FILES + 1 + 60 })
      : await readForm(request);
    const token = String(form.get("t") ?? new URL(request.url).searchParams.get("t") ?? "") || null;
    const { v } = await view(request, number, token);
    const caseId = v.case.id;
    const actorId = user?.id ?? null;
    const dataDir = getEnv().DATA_DIR;
    const files = async () => {
      const out = [];
      for (const f of form.getAll("files")) if (typeof f !== "string" && f.size > 0) out.push({ bytes: new Uint8Array(await f.arrayBuffer()), name: f.name });
      return out;
    };
    const intent = String(form.get("intent") ?? "");
    if (intent === "message") {
      await addCaseMessage({ db: prisma, actorId, followToken: token, caseId, body: String(form.get("body") ?? ""), dataDir });
    } else if (intent === "evidence") {
      await addEvidence({ db: prisma, dataDir, actorId, followToken: token, caseId, files: await files(), description: String(form.get("description") ?? "") });
    } else if (intent === "answer") {
      if (!actorId) throw new Response("Forbidden", { status: 403 });
      await answerCase({
        db: prisma,
        dataDir,
        actorId,
        caseId,
        body: String(form.get("body") ?? ""),
        licenseNumber: String(form.get("licenseNumber") ?? ""),
        files: await files(),
      });
    } else if (intent === "appeal" || intent === "provide_info") {
      await transitionCase({ db: prisma, actorId, followToken: token, caseId, event: { type: intent }, reason: String(form.get("reason") ?? ""), dataDir });
    } else {
      return json({ formError: t("cases.error.unknownAction") }, { status: 400 });
    }
    return redirect(`/cases/${number}${token ? `?t=${encodeURIComponent(token)}` : ""}`);
  } catch (e) {
    return domainErrorResponse(e, locale);
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
          <Form method="post" className="space-y-2">
            {hidden}
            <input type="hidden" name="intent" value={v.partyEvents.includes("provide_info") ? "provide_info" : "message"} />
            <textarea
              name={v.partyEvents.includes("provide_info") ? "reason" : "body"}
              className="input min-h-20"
              required
              maxLength={4000}
              aria-label={t("cases.page.message")}
            />
            <button type="submit" className="btn-secondary" disabled={busy}>
              {t("cases.page.send")}
            </button>
          </Form>
          <Form method="post" encType="multipart/form-data" className="space-y-2">
            {hidden}
            <input type="hidden" name="intent" value="evidence" />
            <label className="block text-sm">
              {t("cases.field.files", { max: MAX_EVIDENCE_FILES })} <input type="file" name="files" multiple accept="image/*,application/pdf" required />
            </label>
            <input
              name="description"
              className="input"
              maxLength={1000}
              placeholder={t("cases.evidence.descriptionPlaceholder")}
              aria-label={t("cases.evidence.descriptionPlaceholder")}
            />
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
          <Form method="post" encType="multipart/form-data" className="space-y-2">
            <input type="hidden" name="intent" value="answer" />
            <textarea name="body" className="input min-h-20" required maxLength={4000} aria-label={t("cases.answer.title")} />
            <label className="block">
              <span className="label">{t("cases.answer.licenseNumber")}</span>
              <input name="licenseNumber" className="input mono" maxLength={40} />
            </label>
            <label className="block text-sm">
              {t("cases.answer.counterEvidence")} <input type="file" name="files" multiple accept="image/*,application/pdf" />
            </label>
            <button type="submit" className="btn-primary" disabled={busy}>
              {t("cases.answer.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {v.partyEvents.includes("appeal") ? (
        <section className="card space-y-2" data-testid="appeal-form">
          <h2 className="h2">{t("cases.event.appeal")}</h2>
          <Form method="post" className="space-y-2">
            {hidden}
            <input type="hidden" name="intent" value="appeal" />
            <textarea name="reason" className="input min-h-20" required maxLength={4000} aria-label={t("cases.field.reason")} />
            <button type="submit" className="btn-secondary" disabled={busy}>
              {t("cases.event.appeal")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
