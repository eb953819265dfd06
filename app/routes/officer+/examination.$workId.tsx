import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormError, useReplyForm } from "~/components/forms";
import { RejectionFields } from "~/components/rejection-fields";
import { decisionSchema, parseDecisionReason } from "~/domain/registry/forms";
import { getWorkForViewer } from "~/domain/registry/get-work-for-viewer.server";
import { priorArtForWork } from "~/domain/registry/prior-art.server";
import { registerWork } from "~/domain/registry/register-work.server";
import { rejectWork } from "~/domain/registry/reject-work.server";
import { requestWorkChanges } from "~/domain/registry/request-work-changes.server";
import { isWeakPdq } from "~/domain/imaging/hamming";
import { requirePermission } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { PriorArtPanel } from "~/routes/works+/__prior-art";
import { formDomainError, invalidForm, parseForm } from "~/web/form-reply.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.examineWork");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "work:examine");
  const found = await getWorkForViewer({ viewerId: user.id, workId: params.workId });
  invariantResponse(found?.access === "full", "Not Found", 404);
  const priorArt = await priorArtForWork({ workId: found.work.id, viewerId: user.id });
  return json({ work: found.work, decision: parseDecisionReason(found.work.decisionReason), priorArt });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "work:examine");
  const { locale } = await getT(request, user);
  const workId = params.workId!;
  // The page's two forms (the register button; reject or ask for changes) answer as one: "decision".
  const submission = parseForm(await readPageForm(request), decisionSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, intent: "decision", messageKey: "works.form.fixErrors" });
  const { intent, reason, note } = submission.value;
  try {
    if (intent === "register") {
      await registerWork({ officerId: user.id, workId });
      return redirect(`/officer/examination/${encodeURIComponent(workId)}?registered=1`);
    }
    if (intent === "reject") await rejectWork({ officerId: user.id, workId, reason: reason!, note });
    else await requestWorkChanges({ officerId: user.id, workId, reason: reason!, note });
    return redirect(`/officer/examination?decided=1`);
  } catch (e) {
    return formDomainError(e, { locale, intent: "decision", submission });
  }
}

export default function ExamineWork() {
  const { t, dateTime } = useT();
  const { work, decision, priorArt } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const nav = useNavigation();
  const { form, errors } = useReplyForm("decision", data, "decision");
  const fmt = (n: number | null) => (n ? `${n}` : "—");
  const [search] = useSearchParams();
  return (
    <div className="space-y-6">
      <Link to="/officer/examination" className="text-sm text-cobalt-600 hover:underline">
        ← {t("works.exam.back")}
      </Link>
      {search.get("registered") && work.status === "registered" && work.registrationNumber ? (
        <RegisteredPanel registrationNumber={work.registrationNumber} />
      ) : null}
      <div>
        <h1 className="h1">
          {work.titleZh}
          {work.titleEn ? <span className="muted text-base"> · {work.titleEn}</span> : null}
        </h1>
        <p className="muted">
          {t(`works.status.${work.status}`)} · {t(`works.visibility.${work.visibility}`)} · {work.ownerName}
          {work.submittedAt ? ` · ${t("works.page.detail.submittedAt")} ${dateTime(work.submittedAt)}` : ""}
          {work.registrationNumber ? <span className="mono"> · {work.registrationNumber}</span> : null}
        </p>
      </div>
      <FormError message={data?.formError} />

      <section className="space-y-2">
        <h2 className="h2">{t("works.form.views")}</h2>
        <div className="flex flex-wrap gap-3">
          {work.views.map((v) => (
            <figure key={v.id} className="w-56 text-xs" data-testid="work-view">
              <a href={`/resources/images/${v.sha256}/1280`} target="_blank" rel="noreferrer">
                <img src={`/resources/images/${v.sha256}/320`} alt={t(`works.view.${v.kind}`)} className="h-56 w-56 rounded border object-cover" />
              </a>
              <figcaption className="space-y-0.5">
                <div className="font-medium">
                  {t(`works.view.${v.kind}`)} · {v.width}×{v.height} · {v.mime}
                </div>
                <div className="mono break-all">SHA-256 {v.sha256}</div>
                <div className="mono break-all">PDQ {v.pdq}</div>
                <div className={isWeakPdq(v.pdqQuality) ? "font-semibold text-amber-700" : ""} data-testid={isWeakPdq(v.pdqQuality) ? "weak-hash" : undefined}>
                  {t("imaging.label.pdqQuality")} {v.pdqQuality}
                  {isWeakPdq(v.pdqQuality) ? ` — ${t("imaging.hash.weak", { quality: v.pdqQuality })}` : ""}
                </div>
                <div className="mono">pHash {v.phash}</div>
              </figcaption>
            </figure>
          ))}
        </div>
      </section>

      <dl className="card grid gap-2 sm:grid-cols-2">
        <div>
          <dt className="muted">{t("works.form.category")}</dt>
          <dd>{t(`works.category.${work.category}`)}</dd>
        </div>
        <div>
          <dt className="muted">{t("works.form.techniques")}</dt>
          <dd>{work.techniques.map((x) => t(`works.technique.${x}`)).join("、") || "—"}</dd>
        </div>
        <div>
          <dt className="muted">{t("works.form.dimensions")}</dt>
          <dd>
            {fmt(work.heightMm)} × {fmt(work.widthMm)} × {fmt(work.depthMm)}
          </dd>
        </div>
        <div>
          <dt className="muted">{t("works.form.creationDate")}</dt>
          <dd>{work.creationDate ? String(work.creationDate).slice(0, 10) : "—"}</dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="muted">{t("works.page.detail.authors")}</dt>
          <dd>{work.authors.map((a) => [a.name, a.nameEn, a.role].filter(Boolean).join(" · ")).join("; ")}</dd>
        </div>
        {work.descriptionZh ? (
          <div className="sm:col-span-2">
            <dt className="muted">{t("works.form.descriptionZh")}</dt>
            <dd className="whitespace-pre-line">{work.descriptionZh}</dd>
          </div>
        ) : null}
        {work.descriptionEn ? (
          <div className="sm:col-span-2">
            <dt className="muted">{t("works.form.descriptionEn")}</dt>
            <dd className="whitespace-pre-line">{work.descriptionEn}</dd>
          </div>
        ) : null}
      </dl>

      <PriorArtPanel views={priorArt} linkOfficer examinedWorkId={work.id} />

      {decision && work.status !== "submitted" ? (
        <section className="card">
          <h2 className="h2">
            {t("works.page.detail.outcome")}: {t(`works.rejection.${decision.reason}`)}
          </h2>
          <p>{t(`works.rejection.${decision.reason}.template`, decision.params)}</p>
          {decision.note ? <p className="mt-2 whitespace-pre-line">{decision.note}</p> : null}
        </section>
      ) : null}

      {work.status === "submitted" ? (
        <section className="card space-y-4" data-testid="decision-forms">
          <h2 className="h2">{t("works.exam.decide")}</h2>
          <Form
            method="post"
            onSubmit={(e) => {
              if (!confirm(t("works.exam.registerConfirm"))) e.preventDefault();
            }}
          >
            <button className="btn-primary" name="intent" value="register" disabled={nav.state !== "idle"} data-testid="register-button">
              {t("works.exam.register")}
            </button>
          </Form>
          <Form id={form.id} method="post" className="space-y-3 border-t pt-4">
            <RejectionFields errors={errors} />
            <div className="flex gap-2">
              <button className="btn-secondary" name="intent" value="changes" disabled={nav.state !== "idle"}>
                {t("works.exam.changes")}
              </button>
              <button className="btn-danger rounded-md bg-rouge-500 px-3 py-2 text-white" name="intent" value="reject" disabled={nav.state !== "idle"}>
                {t("works.exam.reject")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

/** Shown right after registering: the new number and where the work and its certificate now live. */
function RegisteredPanel({ registrationNumber }: { registrationNumber: string }) {
  const { t } = useT();
  const n = encodeURIComponent(registrationNumber);
  return (
    <section role="status" className="card space-y-2 border-emerald-600 bg-emerald-50" data-testid="registered-panel">
      <h2 className="h2">{t("examination.registered.title", { registrationNumber })}</h2>
      <p className="muted">{t("examination.registered.body")}</p>
      <p className="flex flex-wrap gap-x-4 gap-y-1">
        <Link to={`/works/${n}`} className="text-cobalt-600 hover:underline" data-testid="registered-work-link">
          {t("examination.registered.workPage")}
        </Link>
        <a href={`/works/${n}/certificate.json`} className="text-cobalt-600 hover:underline" data-testid="registered-cert-json">
          {t("examination.registered.certJson")}
        </a>
        <a href={`/works/${n}/certificate.pdf`} className="text-cobalt-600 hover:underline" data-testid="registered-cert-pdf">
          {t("examination.registered.certPdf")}
        </a>
      </p>
    </section>
  );
}
