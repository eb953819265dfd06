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

/** Horizontal bars as inline SVG: label, bar, count (the same drawing as the case statistics). */
function Bars({ rows, testId }: { rows: Array<{ label: string; count: number }>; testId: string }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const rowH = 22;
  return (
    <svg viewBox={`0 0 400 ${Math.max(1, rows.length) * rowH}`} className="w-full" role="img" data-testid={testId}>
      {rows.map((r, i) => (
        <g key={r.label} transform={`translate(0 ${i * rowH})`} data-count={r.count}>
          <text x="0" y="15" fontSize="11" fill="#334155">{r.label}</text>
          <rect x="150" y="4" height="14" width={(r.count / max) * 210} fill="#1d4e89" rx="2" />
          <text x={156 + (r.count / max) * 210} y="15" fontSize="11" fill="#0f172a">{r.count}</text>
        </g>
      ))}
    </svg>
  );
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
          <Link to="/officer/examination" className="btn-secondary">{t("works.exam.title")}</Link>
          <Link to="/officer/cases/stats" className="btn-secondary">{t("cases.stats.title")}</Link>
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-4" data-testid="registry-tiles">
        <div className="card"><div className="muted">{t("nextsteps.stats.queue")}</div><div className="text-2xl font-semibold" data-testid="stat-queue">{stats.queue}</div></div>
        <div className="card"><div className="muted">{t("nextsteps.stats.requested")}</div><div className="text-2xl font-semibold" data-testid="stat-requested">{stats.requested}</div></div>
        <div className="card"><div className="muted">{t("nextsteps.stats.medianRegister")}</div><div className="text-2xl font-semibold">{days(stats.medianDaysToRegister)}</div></div>
        <div className="card"><div className="muted">{t("nextsteps.stats.medianApprove")}</div><div className="text-2xl font-semibold">{days(stats.medianDaysToApprove)}</div></div>
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <section className="card space-y-2">
          <h2 className="h2">{t("nextsteps.stats.registrationsPerMonth")}</h2>
          <Bars testId="chart-registrations" rows={stats.registrationsPerMonth.map((r) => ({ label: r.month, count: r.count }))} />
        </section>
        <section className="card space-y-2">
          <h2 className="h2">{t("nextsteps.stats.licencesPerMonth")}</h2>
          <Bars testId="chart-licences" rows={stats.licencesPerMonth.map((r) => ({ label: r.month, count: r.count }))} />
        </section>
        <section className="card space-y-2">
          <h2 className="h2">{t("nextsteps.stats.worksByStatus")}</h2>
          <Bars testId="chart-work-status" rows={stats.worksByStatus.map((r) => ({ label: t(`works.status.${r.status}`), count: r.count }))} />
        </section>
        <section className="card space-y-2">
          <h2 className="h2">{t("nextsteps.stats.dealsByStatus")}</h2>
          <Bars testId="chart-deal-status" rows={stats.dealsByStatus.map((r) => ({ label: t(`licensing.deal.state.${r.status}`), count: r.count }))} />
        </section>
      </div>
    </div>
  );
}
