import { BarChart } from "~/components/bar-chart";
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
        <div className="card">
          <div className="muted">{t("nextsteps.stats.queue")}</div>
          <div className="text-2xl font-semibold" data-testid="stat-queue">
            {stats.queue}
          </div>
        </div>
        <div className="card">
          <div className="muted">{t("nextsteps.stats.requested")}</div>
          <div className="text-2xl font-semibold" data-testid="stat-requested">
            {stats.requested}
          </div>
        </div>
        <div className="card">
          <div className="muted">{t("nextsteps.stats.medianRegister")}</div>
          <div className="text-2xl font-semibold">{days(stats.medianDaysToRegister)}</div>
        </div>
        <div className="card">
          <div className="muted">{t("nextsteps.stats.medianApprove")}</div>
          <div className="text-2xl font-semibold">{days(stats.medianDaysToApprove)}</div>
        </div>
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <section className="card space-y-2">
          <h2 className="h2">{t("nextsteps.stats.registrationsPerMonth")}</h2>
          <BarChart testId="chart-registrations" rows={stats.registrationsPerMonth.map((r) => ({ label: r.month, count: r.count }))} />
        </section>
        <section className="card space-y-2">
          <h2 className="h2">{t("nextsteps.stats.licencesPerMonth")}</h2>
          <BarChart testId="chart-licences" rows={stats.licencesPerMonth.map((r) => ({ label: r.month, count: r.count }))} />
        </section>
        <section className="card space-y-2">
          <h2 className="h2">{t("nextsteps.stats.worksByStatus")}</h2>
          <BarChart testId="chart-work-status" rows={stats.worksByStatus.map((r) => ({ label: t(`works.status.${r.status}`), count: r.count }))} />
        </section>
        <section className="card space-y-2">
          <h2 className="h2">{t("nextsteps.stats.dealsByStatus")}</h2>
          <BarChart testId="chart-deal-status" rows={stats.dealsByStatus.map((r) => ({ label: t(`licensing.deal.state.${r.status}`), count: r.count }))} />
        </section>
      </div>
    </div>
  );
}
