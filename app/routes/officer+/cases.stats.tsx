import { BarChart } from "~/components/bar-chart";
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
        <div className="card">
          <div className="muted">{t("cases.stats.open")}</div>
          <div className="text-2xl font-semibold" data-testid="stat-open">
            {stats.open}
          </div>
        </div>
        <div className="card">
          <div className="muted">{t("cases.stats.overdueTriage")}</div>
          <div className={`text-2xl font-semibold ${stats.overdue.triage ? "text-rouge-500" : ""}`}>{stats.overdue.triage}</div>
        </div>
        <div className="card">
          <div className="muted">{t("cases.stats.overdueDecision")}</div>
          <div className={`text-2xl font-semibold ${stats.overdue.decision ? "text-rouge-500" : ""}`}>{stats.overdue.decision}</div>
        </div>
        <div className="card">
          <div className="muted">{t("cases.stats.median")}</div>
          <div className="text-2xl font-semibold">
            {stats.medianDaysToDecision === null ? "—" : t("cases.stats.days", { days: stats.medianDaysToDecision })}
          </div>
          <div className="muted">{t("cases.stats.decided", { count: stats.decided })}</div>
        </div>
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <section className="card space-y-2">
          <h2 className="h2">{t("cases.stats.byStatus")}</h2>
          <BarChart testId="chart-status" rows={stats.byStatus.map((r) => ({ label: t(`cases.status.${r.status}`), count: r.count }))} />
        </section>
        <section className="card space-y-2">
          <h2 className="h2">{t("cases.stats.byPlatform")}</h2>
          <BarChart
            testId="chart-platform"
            rows={stats.byPlatform.filter((r) => r.count > 0).map((r) => ({ label: t(`cases.platform.${r.platform}`), count: r.count }))}
          />
        </section>
        {stats.byResolution.length ? (
          <section className="card space-y-2">
            <h2 className="h2">{t("cases.stats.byResolution")}</h2>
            <BarChart testId="chart-resolution" rows={stats.byResolution.map((r) => ({ label: t(`cases.resolution.${r.resolution}`), count: r.count }))} />
          </section>
        ) : null}
      </div>
    </div>
  );
}
