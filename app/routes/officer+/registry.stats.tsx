import { ChartCard, StatTile } from "~/components/bar-chart";
import { pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { registryStats } from "~/domain/registry/registry-stats.server";
import { requirePermission } from "~/utils/auth.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nextsteps.stats.tabTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "work:examine");
  return json({ stats: await registryStats({ officerId: user.id }) });
}

export default function RegistryStatsPage() {
  const { t } = useT();
  const { stats } = useLoaderData<typeof loader>();
  const days = (d: number | null) => (d === null ? "—" : t("cases.stats.days", { days: d }));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="h1">{t("nextsteps.stats.title")}</h1>
        <div className="flex gap-2">
          <Link to="/officer/examination" className="btn-secondary">
            {t("works.exam.title")}
          </Link>
          <Link to="/officer/cases/stats" className="btn-secondary">
            {t("cases.stats.title")}
          </Link>
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-4" data-testid="registry-tiles">
        <StatTile label={t("nextsteps.stats.queue")} value={stats.queue} testId="stat-queue" />
        <StatTile label={t("nextsteps.stats.requested")} value={stats.requested} testId="stat-requested" />
        <StatTile label={t("nextsteps.stats.medianRegister")} value={days(stats.medianDaysToRegister)} />
        <StatTile label={t("nextsteps.stats.medianApprove")} value={days(stats.medianDaysToApprove)} />
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <ChartCard
          title={t("nextsteps.stats.registrationsPerMonth")}
          testId="chart-registrations"
          rows={stats.registrationsPerMonth.map((r) => ({ label: r.month, count: r.count }))}
        />
        <ChartCard
          title={t("nextsteps.stats.licencesPerMonth")}
          testId="chart-licences"
          rows={stats.licencesPerMonth.map((r) => ({ label: r.month, count: r.count }))}
        />
        <ChartCard
          title={t("nextsteps.stats.worksByStatus")}
          testId="chart-work-status"
          rows={stats.worksByStatus.map((r) => ({ label: t(`works.status.${r.status}`), count: r.count }))}
        />
        <ChartCard
          title={t("nextsteps.stats.dealsByStatus")}
          testId="chart-deal-status"
          rows={stats.dealsByStatus.map((r) => ({ label: t(`licensing.deal.state.${r.status}`), count: r.count }))}
        />
      </div>
    </div>
  );
}
