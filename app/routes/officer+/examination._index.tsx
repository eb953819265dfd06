import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { FormError, useReplyForm } from "~/components/forms";
import { RejectionFields } from "~/components/rejection-fields";
import { bulkDecisionSchema } from "~/domain/registry/forms";
import { decideImportedWorks } from "~/domain/registry/decide-imported-works.server";
import { listExaminationQueue } from "~/domain/registry/list-examination-queue.server";
import { requirePermission } from "~/utils/auth.server";
import { translate } from "~/utils/i18n";
import { getT } from "~/utils/locale.server";
import { readPageForm } from "~/utils/request-body.server";
import { useT } from "~/utils/use-t";
import { formDomainError, invalidForm, parseForm, type FormReply } from "~/web/form-reply.server";
import { EmptyState } from "~/components/list-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.examination");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "work:examine");
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 200);
  const queue = await listExaminationQueue({ officerId: user.id, q });
  return json({ queue, q });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "work:examine");
  const { locale } = await getT(request, user);
  const intent = "bulk";
  const submission = parseForm(await readPageForm(request), bulkDecisionSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: "examination.bulk.badForm" });
  const { workId, reason, note } = submission.value;
  try {
    const decision = submission.value.intent === "bulk-register" ? "register" : "reject";
    const r = await decideImportedWorks({ officerId: user.id, workIds: workId, decision, reason, note });
    return json<FormReply & { outcome: BulkOutcome }>({
      intent,
      result: null,
      formError: null,
      outcome: {
        decision,
        done: r.done,
        failed: r.failed.map((f) => ({ workId: f.workId, titleZh: f.titleZh, message: translate(locale, f.messageKey, f.params) })),
      },
    });
  } catch (e) {
    return formDomainError(e, { locale, intent, submission });
  }
}

type BulkOutcome = {
  decision: "register" | "reject";
  done: { workId: string; titleZh: string; registrationNumber: string | null }[];
  failed: { workId: string; titleZh: string; message: string }[];
};

export default function ExaminationQueue() {
  const { t, locale, dateTime } = useT();
  const { queue, q } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const nav = useNavigation();
  const bulk = useReplyForm("bulk-form", data, "bulk");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const imported = queue.filter((w) => w.batch !== null).map((w) => w.id);
  const shown = new Set(queue.map((w) => w.id));
  const chosen = [...selected].filter((id) => shown.has(id));
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });
  const outcome = data && "outcome" in data ? (data.outcome as BulkOutcome) : null;
  const busy = nav.state !== "idle";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="h1">{t("works.exam.title")}</h1>
        <Link to="/officer/registry/stats" className="text-sm text-cobalt-600 hover:underline" data-testid="registry-stats-link">
          {t("nextsteps.stats.link")}
        </Link>
      </div>
      <p className="muted">{t("works.exam.intro")}</p>

      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <div className="min-w-0 flex-1">
          <label className="label" htmlFor="queue-q">
            {t("examination.search.label")}
          </label>
          <input
            id="queue-q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={200}
            className="input w-full"
            placeholder={t("examination.search.placeholder")}
            data-testid="queue-search"
          />
        </div>
        <button className="btn-secondary">{t("examination.search.submit")}</button>
        {q ? (
          <Link to="/officer/examination" className="text-sm text-cobalt-600 hover:underline">
            {t("examination.search.clear")}
          </Link>
        ) : null}
      </Form>

      <FormError message={data?.formError} />
      {outcome ? (
        <section role="status" className="card space-y-2" data-testid="bulk-outcome">
          <p className="font-semibold" data-testid="bulk-done">
            {t(outcome.decision === "register" ? "examination.bulk.doneRegistered" : "examination.bulk.doneRejected", { count: outcome.done.length })}
          </p>
          {outcome.done.some((d) => d.registrationNumber) ? (
            <ul className="text-sm">
              {outcome.done.map((d) =>
                d.registrationNumber ? (
                  <li key={d.workId}>
                    {d.titleZh} ·{" "}
                    <Link className="mono text-cobalt-600 hover:underline" to={`/works/${encodeURIComponent(d.registrationNumber)}`}>
                      {d.registrationNumber}
                    </Link>
                  </li>
                ) : null,
              )}
            </ul>
          ) : null}
          {outcome.failed.length ? (
            <div data-testid="bulk-failed">
              <p className="font-semibold text-rouge-500">{t("examination.bulk.failedTitle", { count: outcome.failed.length })}</p>
              <ul className="text-sm">
                {outcome.failed.map((f) => (
                  <li key={f.workId} data-testid="bulk-failure">
                    <Link className="text-cobalt-600 hover:underline" to={`/officer/examination/${f.workId}`}>
                      {f.titleZh}
                    </Link>
                    : {f.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}

      {queue.length === 0 ? (
        <EmptyState>{q ? t("examination.search.none", { q }) : t("works.exam.empty")}</EmptyState>
      ) : (
        <Form method="post" className="space-y-4" id={bulk.form.id}>
          <div className="overflow-x-auto">
            <table className="table card" data-testid="examination-queue">
              <thead>
                <tr>
                  <th>
                    <input
                      type="checkbox"
                      aria-label={t("examination.bulk.selectAll")}
                      title={t("examination.bulk.selectAll")}
                      disabled={!imported.length}
                      checked={imported.length > 0 && imported.every((id) => selected.has(id))}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setSelected((s) => {
                          const n = new Set(s);
                          for (const id of imported)
                            if (on) n.add(id);
                            else n.delete(id);
                          return n;
                        });
                      }}
                      data-testid="select-all-imported"
                    />
                  </th>
                  <th>{t("works.exam.col.submitted")}</th>
                  <th>{t("works.exam.col.work")}</th>
                  <th>{t("works.exam.col.owner")}</th>
                  <th>{t("examination.col.batch")}</th>
                  <th>{t("works.exam.col.views")}</th>
                  <th>{t("works.exam.col.matches")}</th>
                  <th>{t("works.exam.col.weak")}</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((w) => (
                  <tr key={w.id} data-testid="queue-row">
                    <td>
                      {w.batch !== null ? (
                        <input
                          type="checkbox"
                          name="workId"
                          value={w.id}
                          aria-label={`${t("examination.col.select")}: ${w.titleZh}`}
                          checked={selected.has(w.id)}
                          onChange={(e) => toggle(w.id, e.currentTarget.checked)}
                          data-testid="queue-select"
                        />
                      ) : null}
                    </td>
                    <td className="whitespace-nowrap">{w.submittedAt ? dateTime(w.submittedAt) : "—"}</td>
                    <td>
                      <Link to={`/officer/examination/${w.id}`} className="flex items-center gap-2 text-cobalt-600 hover:underline">
                        {w.thumb ? <img src={`/resources/images/${w.thumb}/320`} alt="" className="h-10 w-10 rounded border object-cover" /> : null}
                        {(locale === "en" && w.titleEn) || w.titleZh}
                      </Link>
                      {w.visibility === "sealed" ? <span className="muted text-xs"> · {t("works.visibility.sealed")}</span> : null}
                    </td>
                    <td>
                      {w.ownerName}
                      {w.submitter && w.submitter !== w.ownerName ? <div className="muted text-xs">{w.submitter}</div> : null}
                    </td>
                    <td className="whitespace-nowrap" data-testid="queue-batch">
                      {w.batch === null ? "—" : w.batch ? t("examination.batch.label", { batch: w.batch }) : t("examination.batch.unknown")}
                    </td>
                    <td>{w.viewCount}</td>
                    <td data-testid="match-count">
                      {w.same ? (
                        <span className="font-semibold text-rouge-500">
                          {t("works.priorArt.same")} {w.same}
                        </span>
                      ) : null}
                      {w.same && w.similar ? " · " : null}
                      {w.similar ? (
                        <span className="text-amber-700">
                          {t("works.priorArt.similar")} {w.similar}
                        </span>
                      ) : null}
                      {!w.same && !w.similar ? "0" : null}
                    </td>
                    <td>{w.weak ? <span className="text-amber-700">{w.weak}</span> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          {imported.length ? (
            <section className="card space-y-3" data-testid="bulk-actions">
              <h2 className="h2">{t("examination.bulk.title")}</h2>
              <p className="muted text-sm">{t("examination.bulk.explain")}</p>
              <button
                className="btn-primary"
                name="intent"
                value="bulk-register"
                disabled={busy}
                data-testid="bulk-register"
                onClick={(e) => {
                  if (!confirm(t("examination.bulk.registerConfirm", { count: chosen.length }))) e.preventDefault();
                }}
              >
                {t("examination.bulk.register")} ({chosen.length})
              </button>
              <div className="space-y-3 border-t pt-3">
                <RejectionFields idPrefix="bulk-" errors={bulk.errors} testIds noteClassName="input min-h-20 w-full" />
                <button
                  className="rounded-md bg-rouge-500 px-3 py-2 text-white disabled:opacity-50"
                  name="intent"
                  value="bulk-reject"
                  disabled={busy}
                  data-testid="bulk-reject"
                  onClick={(e) => {
                    if (!confirm(t("examination.bulk.rejectConfirm", { count: chosen.length }))) e.preventDefault();
                  }}
                >
                  {t("examination.bulk.reject")} ({chosen.length})
                </button>
              </div>
            </section>
          ) : null}
        </Form>
      )}
    </div>
  );
}
