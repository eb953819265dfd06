import { pageTitle } from "~/utils/page-title";
import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { useT } from "~/utils/use-t";
import { dashboardFor } from "~/domain/read-models/dashboard.server";
import { parseMyWorksFilter } from "~/domain/registry/my-works-filter";
import { WorkListFilter, WorkListPager } from "~/routes/my+/__work-list-controls";
import { EmptyState } from "~/components/list-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.dashboard");

/** One page, one section per role the user holds; each lists that role's real items. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // The work list is paged and filtered with w-prefixed parameters (wq, wstatus, wpage).
  const worksFilter = parseMyWorksFilter(new URL(request.url).searchParams, "w");
  const sections = await dashboardFor({ db: prisma, user, worksFilter });
  return json({ user: { name: user.name, roles: user.roles, memberships: user.memberships }, ...sections });
}

/** A list of cases, each a link to its page with its status. */
function CaseLinks({ cases, empty }: { cases: { id: string; number: string; status: string }[]; empty: React.ReactNode }) {
  const { t } = useT();
  if (!cases.length) return <EmptyState>{empty}</EmptyState>;
  return (
    <ul className="card divide-y">
      {cases.map((c) => (
        <li key={c.id} className="py-2">
          <Link className="text-cobalt-600 hover:underline" to={`/cases/${c.number}`}>
            {c.number}
          </Link>{" "}
          · {t(`cases.status.${c.status}`)}
        </li>
      ))}
    </ul>
  );
}

type DealLink = {
  id: string;
  reference: string;
  status: string;
  upfrontFeeFen: number;
  licenseNumber?: string | null;
  work: { titleZh: string; titleEn: string };
};

/** A list of deals: reference (a link), work, status, upfront fee and, once issued, the licence number. */
function DealLinks({ deals, empty }: { deals: DealLink[]; empty: React.ReactNode }) {
  const { t, locale, money } = useT();
  if (!deals.length) return <EmptyState>{empty}</EmptyState>;
  return (
    <ul className="card divide-y">
      {deals.map((d) => (
        <li key={d.id} className="py-2">
          <Link className="text-cobalt-600 hover:underline" to={`/deals/${d.reference}`}>
            {d.reference}
          </Link>{" "}
          · {workTitle(d.work, locale)} · {t(`licensing.dealStatus.${d.status}`)} · {money(d.upfrontFeeFen)}
          {d.licenseNumber ? ` · ${d.licenseNumber}` : ""}
        </li>
      ))}
    </ul>
  );
}

function workTitle(w: { titleZh: string; titleEn: string }, locale: string) {
  return locale === "en" && w.titleEn ? w.titleEn : w.titleZh;
}

export default function Dashboard() {
  const { t, locale } = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8" data-testid="dashboard">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="h1">{t("common.dashboard.greeting", { name: data.user.name })}</h1>
          <p className="muted">{data.user.roles.map((r) => t(`auth.role.${r}`)).join(" · ")}</p>
        </div>
        {data.artisan ? (
          <div className="flex gap-2">
            <Link to="/works/new" className="btn-primary">
              {t("common.dashboard.newWork")}
            </Link>
            <Link to="/studio" className="btn-secondary">
              {t("common.dashboard.studio")}
            </Link>
          </div>
        ) : null}
      </div>

      {data.officer ? (
        <section className="space-y-3" data-testid="officer-section">
          <h2 className="h2">{t("common.dashboard.officer.title")}</h2>
          <div className="grid gap-3 sm:grid-cols-4">
            {(
              [
                ["submittedWorks", "/officer/examination"],
                ["requestedDeals", "/officer/deals"],
                ["awaitingPayment", "/officer/deals"],
                ["openCases", "/officer/cases"],
              ] as const
            ).map(([k, to]) => (
              <Link key={k} to={to} className="card hover:border-cobalt-500">
                <div className="muted">{t(`common.dashboard.officer.${k}`)}</div>
                <div className="text-2xl font-semibold text-cobalt-700">{data.officer![k]}</div>
              </Link>
            ))}
          </div>
          <h3 className="font-medium">{t("common.dashboard.officer.myCases")}</h3>
          <CaseLinks cases={data.officer.myCases} empty={t("common.dashboard.officer.noCases")} />
        </section>
      ) : null}

      {data.artisan ? (
        <section className="space-y-3" data-testid="artisan-section">
          <h2 className="h2">{t("common.dashboard.artisan.works")}</h2>
          {data.artisan.works.total > 0 || data.artisan.works.filter.q || data.artisan.works.filter.status ? (
            <WorkListFilter filter={data.artisan.works.filter} total={data.artisan.works.total} prefix="w" />
          ) : null}
          {data.artisan.works.works.length ? (
            <table className="table card" data-testid="dashboard-works">
              <thead>
                <tr>
                  <th>{t("common.dashboard.col.title")}</th>
                  <th>{t("common.dashboard.col.status")}</th>
                  <th>{t("common.dashboard.col.number")}</th>
                </tr>
              </thead>
              <tbody>
                {data.artisan.works.works.map((w) => (
                  <tr key={w.id} data-testid="dashboard-work">
                    <td>
                      <Link className="text-cobalt-600 hover:underline" to={`/my/works/${w.id}`}>
                        {workTitle(w, locale)}
                      </Link>
                    </td>
                    <td>
                      {t(`works.status.${w.status}`)}
                      {w.visibility === "sealed" ? ` · ${t("works.visibility.sealed")}` : ""}
                    </td>
                    <td className="mono">{w.registrationNumber ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : data.artisan.works.filter.q || data.artisan.works.filter.status ? (
            <EmptyState>{t("worklist.none")}</EmptyState>
          ) : (
            <EmptyState>
              {t("common.dashboard.artisan.noWorks")}{" "}
              <Link to="/works/new" className="text-cobalt-600 underline">
                {t("common.dashboard.newWork")}
              </Link>
            </EmptyState>
          )}
          <WorkListPager page={data.artisan.works.page} pages={data.artisan.works.pages} prefix="w" />
          <h2 className="h2">{t("common.dashboard.artisan.deals")}</h2>
          <DealLinks deals={data.artisan.dealsOnMyWorks} empty={t("common.dashboard.artisan.noDeals")} />
          <h2 className="h2">{t("common.dashboard.artisan.cases")}</h2>
          <CaseLinks cases={data.artisan.casesOnMyWorks} empty={t("common.dashboard.artisan.noCases")} />
        </section>
      ) : null}

      {data.licensee ? (
        <section className="space-y-3" data-testid="licensee-section">
          <h2 className="h2">{t("common.dashboard.licensee.deals")}</h2>
          <DealLinks
            deals={data.licensee.deals}
            empty={
              <>
                {t("common.dashboard.licensee.noDeals")}{" "}
                <Link to="/offers" className="text-cobalt-600 underline">
                  {t("common.nav.offers")}
                </Link>
              </>
            }
          />
        </section>
      ) : null}

      <section className="space-y-3">
        <h2 className="h2">{t("common.dashboard.myReports")}</h2>
        <CaseLinks cases={data.myReports} empty={t("common.dashboard.noReports")} />
      </section>
    </div>
  );
}
