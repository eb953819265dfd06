import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormError } from "~/components/forms";
import { deleteDraft } from "~/domain/registry/delete-draft.server";
import { myWorkActionFormSchema, parseDecisionReason } from "~/domain/registry/forms";
import { getWorkForViewer } from "~/domain/registry/get-work-for-viewer.server";
import { priorArtForWork } from "~/domain/registry/prior-art.server";
import { submitWork } from "~/domain/registry/submit-work.server";
import { requirePermission } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { PriorArtPanel } from "~/routes/works+/__prior-art";
import { formDomainError, invalidForm, parseForm } from "~/web/form-reply.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.myWork");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "work:create");
  const found = await getWorkForViewer({ viewerId: user.id, workId: params.workId });
  invariantResponse(found?.access === "full" && found.canManage, "Not Found", 404);
  const priorArt = await priorArtForWork({ workId: found.work.id, viewerId: user.id });
  return json({ work: found.work, decision: parseDecisionReason(found.work.decisionReason), priorArt });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "work:create");
  const { locale } = await getT(request, user);
  const submission = parseForm(await readPageForm(request), myWorkActionFormSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, messageKey: "common.form.unknownAction" });
  const { intent } = submission.value;
  const workId = params.workId!;
  try {
    if (intent === "submit") {
      await submitWork({ userId: user.id, workId });
      return redirect(`/my/works/${workId}?submitted=1`);
    }
    await deleteDraft({ userId: user.id, workId });
    return redirect("/my/works");
  } catch (e) {
    return formDomainError(e, { locale, intent });
  }
}

export default function MyWork() {
  const { t, locale, date } = useT();
  const { work, decision, priorArt } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const nav = useNavigation();
  const editable = work.status === "draft" || work.status === "changes_requested";
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="h1">{(locale === "en" && work.titleEn) || work.titleZh}</h1>
          <p className="muted">
            {t("works.page.detail.status")}: <span data-testid="work-status">{t(`works.status.${work.status}`)}</span>
            {work.visibility === "sealed" ? ` · ${t("works.visibility.sealed")}` : ""}
          </p>
        </div>
        <div className="flex gap-2">
          {editable ? (
            <>
              <Link to={`/my/works/${work.id}/edit`} className="btn-secondary">
                {t("works.page.detail.edit")}
              </Link>
              <Form method="post">
                <button className="btn-primary" name="intent" value="submit" disabled={nav.state !== "idle"}>
                  {t("works.page.detail.submit")}
                </button>
              </Form>
            </>
          ) : null}
          {work.status === "draft" ? (
            <Form
              method="post"
              onSubmit={(e) => {
                if (!confirm(t("works.page.detail.deleteConfirm"))) e.preventDefault();
              }}
            >
              <button className="btn-secondary" name="intent" value="delete">
                {t("works.page.detail.delete")}
              </button>
            </Form>
          ) : null}
          {work.registrationNumber ? (
            <Link to={`/works/${work.registrationNumber}`} className="btn-secondary">
              {t("works.page.detail.publicPage")}
            </Link>
          ) : null}
        </div>
      </div>
      <FormError message={data?.formError} />
      {params.get("submitted") && work.status === "submitted" ? (
        <p className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm" role="status">
          {t("works.page.detail.submitted")}
        </p>
      ) : null}
      {params.get("created") ? (
        <p className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm" role="status">
          {t("works.page.detail.created")}
        </p>
      ) : null}

      {decision && (work.status === "rejected" || work.status === "changes_requested") ? (
        <section className="card border-rouge-500" data-testid="decision">
          <h2 className="h2">
            {t("works.page.detail.outcome")}: {t(`works.rejection.${decision.reason}`)}
          </h2>
          <p>{t(`works.rejection.${decision.reason}.template`, decision.params)}</p>
          {decision.note && decision.reason !== "other" ? <p className="mt-2 whitespace-pre-line">{decision.note}</p> : null}
        </section>
      ) : null}

      <dl className="card grid gap-2 sm:grid-cols-2" data-testid="work-entered">
        {work.registrationNumber ? (
          <div>
            <dt className="muted">{t("works.page.detail.registrationNumber")}</dt>
            <dd className="mono text-lg" data-testid="registration-number">
              {work.registrationNumber}
            </dd>
          </div>
        ) : null}
        <div>
          <dt className="muted">{t("works.form.titleZh")}</dt>
          <dd data-testid="entered-title-zh">{work.titleZh}</dd>
        </div>
        <div>
          <dt className="muted">{t("works.form.titleEn")}</dt>
          <dd data-testid="entered-title-en">{work.titleEn || "—"}</dd>
        </div>
        <div>
          <dt className="muted">{t("works.page.detail.owner")}</dt>
          <dd>{work.ownerName}</dd>
        </div>
        <div>
          <dt className="muted">{t("works.form.visibility")}</dt>
          <dd data-testid="entered-visibility">{t(`works.visibility.${work.visibility}`)}</dd>
        </div>
        <div>
          <dt className="muted">{t("works.form.category")}</dt>
          <dd>{t(`works.category.${work.category}`)}</dd>
        </div>
        <div>
          <dt className="muted">{t("works.form.techniques")}</dt>
          <dd data-testid="entered-techniques">{work.techniques.map((x) => t(`works.technique.${x}`)).join("、") || "—"}</dd>
        </div>
        <div>
          <dt className="muted">{t("works.form.dimensions")}</dt>
          <dd data-testid="entered-dimensions">
            {t("works.form.height")} {work.heightMm ?? "—"} · {t("works.form.width")} {work.widthMm ?? "—"} · {t("works.form.depth")} {work.depthMm ?? "—"}
          </dd>
        </div>
        <div>
          <dt className="muted">{t("works.form.creationDate")}</dt>
          <dd data-testid="entered-creation-date">{work.creationDate ? String(work.creationDate).slice(0, 10) : "—"}</dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="muted">{t("works.page.detail.authors")}</dt>
          <dd>
            <ul data-testid="entered-authors">
              {work.authors.map((a, i) => (
                <li key={i} data-testid="entered-author">
                  {a.name}
                  {a.nameEn ? ` (${a.nameEn})` : ""}
                  {a.role ? <span className="muted"> — {a.role}</span> : null}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="muted">{t("works.form.descriptionZh")}</dt>
          <dd className="whitespace-pre-line break-words" data-testid="entered-description-zh">
            {work.descriptionZh || "—"}
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="muted">{t("works.form.descriptionEn")}</dt>
          <dd className="whitespace-pre-line break-words" data-testid="entered-description-en">
            {work.descriptionEn || "—"}
          </dd>
        </div>
        {work.submittedAt ? (
          <div>
            <dt className="muted">{t("works.page.detail.submittedAt")}</dt>
            <dd>{date(work.submittedAt)}</dd>
          </div>
        ) : null}
        {work.registeredAt ? (
          <div>
            <dt className="muted">{t("works.page.detail.registeredAt")}</dt>
            <dd>{date(work.registeredAt)}</dd>
          </div>
        ) : null}
      </dl>

      <section className="space-y-2">
        <h2 className="h2">{t("works.form.views")}</h2>
        <div className="flex flex-wrap gap-3">
          {work.views.map((v) => (
            <figure key={v.id} className="w-40 text-xs" data-testid="work-view">
              <img src={`/resources/images/${v.sha256}/320`} alt={t(`works.view.${v.kind}`)} className="h-40 w-40 rounded border object-cover" />
              <figcaption>
                <span data-testid="view-kind">{t(`works.view.${v.kind}`)}</span> · {v.width}×{v.height}
                <div className="mono truncate" title={v.sha256}>
                  SHA-256 {v.sha256.slice(0, 16)}…
                </div>
                <div className="mono truncate" title={v.pdq}>
                  PDQ {v.pdq.slice(0, 16)}… ({v.pdqQuality})
                </div>
              </figcaption>
            </figure>
          ))}
        </div>
      </section>

      <PriorArtPanel views={priorArt} />
    </div>
  );
}
