import { pageTitle } from "~/utils/page-title";
import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { officerQueueCounts } from "~/domain/read-models/officer-queues.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.officer");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "work:examine");
  const q = await officerQueueCounts({ db: prisma });
  return json({
    submitted: q.submittedWorks,
    requested: q.requestedDeals,
    approved: q.awaitingPayment,
    openCases: q.openCases,
    pendingBatches: q.pendingBatches,
  });
}

export default function OfficerHome() {
  const { t } = useT();
  const d = useLoaderData<typeof loader>();
  const tiles = [
    { to: "/officer/examination", key: "examination", value: d.submitted },
    { to: "/officer/deals", key: "deals", value: d.requested + d.approved },
    { to: "/officer/cases", key: "cases", value: d.openCases },
    { to: "/officer/anchoring", key: "anchoring", value: d.pendingBatches },
    { to: "/officer/audit", key: "audit", value: null },
  ];
  return (
    <div className="space-y-4" data-testid="officer-home">
      <h1 className="h1">{t("officer.home.title")}</h1>
      <div className="grid gap-3 sm:grid-cols-3">
        {tiles.map((tile) => (
          <Link key={tile.key} to={tile.to} className="card hover:border-cobalt-500">
            <div className="font-medium">{t(`officer.home.${tile.key}`)}</div>
            {tile.value !== null ? <div className="text-2xl font-semibold text-cobalt-700">{tile.value}</div> : null}
          </Link>
        ))}
      </div>
    </div>
  );
}
