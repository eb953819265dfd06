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
import { CaseTable, SlaBadge } from "~/routes/cases+/__case-ui";

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
  const { t } = useT();
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
      <CaseTable
        cases={cases}
        testId="case-queue"
        href={(c) => `/officer/cases/${c.number}`}
        rowProps={(c) => ({
          "data-testid": "queue-row",
          className: c.triage?.status === "overdue" || c.decision?.status === "overdue" ? "bg-rose-50" : "",
        })}
        columns={[
          { header: t("cases.field.assignee"), cell: (c) => c.assignee?.name ?? <span className="muted">{t("cases.officer.unassigned")}</span> },
          { header: t("cases.sla.triage"), cell: (c) => (c.triage ? <SlaBadge status={c.triage.status} dueAt={c.triage.dueAt} /> : "—") },
          { header: t("cases.sla.decision"), cell: (c) => (c.decision ? <SlaBadge status={c.decision.status} dueAt={c.decision.dueAt} /> : "—") },
          { header: t("cases.match.title"), cell: (c) => c.matches },
        ]}
        empty={t("cases.officer.empty")}
      />
    </div>
  );
}
