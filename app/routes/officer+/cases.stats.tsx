import { ChartCard, StatTile } from "~/components/bar-chart";
import { pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { caseStats } from "~/domain/cases/case-stats.server";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.caseStats");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "case:handle");
  return json({ stats: await caseStats({ db: prisma }) });
}

export default function CaseStatsPage() {
  const { t } = useT();
  const { stats } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="h1">{t("cases.stats.title")}</h1>
        <div className="flex gap-2">
          <Link to="/officer/cases" className="btn-secondary">
            {t("cases.officer.title")}
          </Link>
          <a href="/officer/cases/stats.csv" className="btn-secondary" data-testid="stats-csv">
            {t("cases.stats.csv")}
          </a>
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-4" data-testid="stats-tiles">
        <StatTile label={t("cases.stats.open")} value={stats.open} testId="stat-open" />
        <StatTile label={t("cases.stats.overdueTriage")} value={stats.overdue.triage} alert={stats.overdue.triage > 0} />
        <StatTile label={t("cases.stats.overdueDecision")} value={stats.overdue.decision} alert={stats.overdue.decision > 0} />
        <StatTile
          label={t("cases.stats.median")}
          value={stats.medianDaysToDecision === null ? "—" : t("cases.stats.days", { days: stats.medianDaysToDecision })}
          note={t("cases.stats.decided", { count: stats.decided })}
        />
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <ChartCard
          title={t("cases.stats.byStatus")}
          testId="chart-status"
          rows={stats.byStatus.map((r) => ({ label: t(`cases.status.${r.status}`), count: r.count }))}
        />
        <ChartCard
          title={t("cases.stats.byPlatform")}
          testId="chart-platform"
          rows={stats.byPlatform.filter((r) => r.count > 0).map((r) => ({ label: t(`cases.platform.${r.platform}`), count: r.count }))}
        />
        {stats.byResolution.length ? (
          <ChartCard
            title={t("cases.stats.byResolution")}
            testId="chart-resolution"
            rows={stats.byResolution.map((r) => ({ label: t(`cases.resolution.${r.resolution}`), count: r.count }))}
          />
        ) : null}
      </div>
    </div>
  );
}
