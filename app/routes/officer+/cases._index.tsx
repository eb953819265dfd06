import { pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CASE_STATUSES } from "~/domain/cases/case-state";
import { listOfficerCases } from "~/domain/cases/list-cases.server";
import { PLATFORMS } from "~/domain/cases/platforms";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { useT } from "~/utils/use-t";
import { CaseStatus, SlaBadge } from "~/routes/cases+/__case-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.officerCases");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "case:handle");
  const p = new URL(request.url).searchParams;
  const cases = await listOfficerCases({
    db: prisma,
    userId: user.id,
    filters: {
      status: p.get("status") ?? undefined,
      platform: p.get("platform") ?? undefined,
      assignee: p.get("assignee") ?? undefined,
      overdue: p.get("overdue") === "1",
    },
  });
  return json({ cases });
}

export default function OfficerCases() {
  const { t, dateTime } = useT();
  const { cases } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="h1">{t("cases.officer.title")}</h1>
        <Link to="/officer/cases/stats" className="btn-secondary">
          {t("cases.stats.title")}
        </Link>
      </div>
      <Form method="get" className="card flex flex-wrap items-end gap-3 text-sm" data-testid="case-filters">
        <label>
          <span className="label">{t("cases.field.status")}</span>
          <select name="status" className="input" defaultValue={params.get("status") ?? "open"}>
            <option value="open">{t("cases.officer.allOpen")}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="label">{t("cases.field.platform")}</span>
          <select name="platform" className="input" defaultValue={params.get("platform") ?? ""}>
            <option value="">{t("cases.officer.any")}</option>
            {PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {t(`cases.platform.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="label">{t("cases.field.assignee")}</span>
          <select name="assignee" className="input" defaultValue={params.get("assignee") ?? ""}>
            <option value="">{t("cases.officer.any")}</option>
            <option value="me">{t("cases.officer.mine")}</option>
            <option value="none">{t("cases.officer.unassigned")}</option>
          </select>
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" name="overdue" value="1" defaultChecked={params.get("overdue") === "1"} /> {t("cases.officer.overdueOnly")}
        </label>
        <button type="submit" className="btn-secondary">
          {t("cases.officer.filter")}
        </button>
      </Form>
      {cases.length ? (
        <table className="table card" data-testid="case-queue">
          <thead>
            <tr>
              <th>{t("cases.field.number")}</th>
              <th>{t("cases.field.status")}</th>
              <th>{t("cases.field.platform")}</th>
              <th>{t("cases.field.assignee")}</th>
              <th>{t("cases.sla.triage")}</th>
              <th>{t("cases.sla.decision")}</th>
              <th>{t("cases.match.title")}</th>
              <th>{t("cases.field.reportedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.number} data-testid="queue-row" className={c.triage?.status === "overdue" || c.decision?.status === "overdue" ? "bg-rose-50" : ""}>
                <td>
                  <Link to={`/officer/cases/${c.number}`} className="mono text-cobalt-600 hover:underline">
                    {c.number}
                  </Link>
                </td>
                <td>
                  <CaseStatus status={c.status} resolution={c.resolution} />
                </td>
                <td>{t(`cases.platform.${c.platform}`)}</td>
                <td>{c.assignee?.name ?? <span className="muted">{t("cases.officer.unassigned")}</span>}</td>
                <td>{c.triage ? <SlaBadge status={c.triage.status} dueAt={c.triage.dueAt} /> : "—"}</td>
                <td>{c.decision ? <SlaBadge status={c.decision.status} dueAt={c.decision.dueAt} /> : "—"}</td>
                <td>{c.matches}</td>
                <td>{dateTime(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted rounded-md border border-dashed border-slate-300 p-4 text-center" data-testid="empty-state">
          {t("cases.officer.empty")}
        </p>
      )}
    </div>
  );
}
