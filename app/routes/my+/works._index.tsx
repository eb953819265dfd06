import { pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listMyWorks } from "~/domain/registry/list-my-works.server";
import { parseMyWorksFilter } from "~/domain/registry/my-works-filter";
import { requirePermission } from "~/utils/auth.server";
import { WorkListFilter, WorkListPager } from "./__work-list-controls";
import { useT } from "~/utils/use-t";
import { EmptyState } from "~/components/list-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.myWorks");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "work:create");
  const filter = parseMyWorksFilter(new URL(request.url).searchParams);
  const list = await listMyWorks({ userId: user.id, filter });
  return json({ ...list, filter: { ...filter, page: list.page } });
}

export default function MyWorks() {
  const { t, locale, date } = useT();
  const { works, total, page, pages, filter } = useLoaderData<typeof loader>();
  const filtered = Boolean(filter.q || filter.status);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="h1">{t("works.page.mine.title")}</h1>
        <div className="flex gap-2">
          <Link to="/my/import" className="btn-secondary" data-testid="import-link">
            {t("catalog.import.title")}
          </Link>
          <Link to="/works/new" className="btn-primary">
            {t("works.page.mine.new")}
          </Link>
        </div>
      </div>
      {total > 0 || filtered ? <WorkListFilter filter={filter} total={total} /> : null}
      {works.length === 0 ? (
        <EmptyState>{filtered ? t("worklist.none") : t("works.page.mine.empty")}</EmptyState>
      ) : (
        <ul className="card divide-y" data-testid="my-works">
          {works.map((w) => (
            <li key={w.id} className="flex gap-3 py-3" data-testid="my-work">
              {w.views[0] ? <img src={`/resources/images/${w.views[0].sha256}/320`} alt="" className="h-16 w-16 rounded border object-cover" /> : null}
              <div className="min-w-0 flex-1">
                <Link to={`/my/works/${w.id}`} className="font-medium text-cobalt-600 hover:underline">
                  {(locale === "en" && w.titleEn) || w.titleZh}
                </Link>
                <div className="text-sm">
                  <span data-testid="work-status">{t(`works.status.${w.status}`)}</span>
                  {w.visibility === "sealed" ? ` · ${t("works.visibility.sealed")}` : ""} · {w.ownerName} · {date(w.updatedAt)}
                  {w.registrationNumber ? (
                    <span className="mono ml-2" data-testid="registration-number">
                      {w.registrationNumber}
                    </span>
                  ) : null}
                </div>
                {w.decision && (w.status === "rejected" || w.status === "changes_requested") ? (
                  <p className="mt-1 text-sm text-rouge-500" data-testid="decision-reason">
                    {t(`works.rejection.${w.decision.reason}`)}: {t(`works.rejection.${w.decision.reason}.template`, w.decision.params)}
                    {w.decision.note && w.decision.reason !== "other" ? ` ${w.decision.note}` : ""}
                  </p>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <WorkListPager page={page} pages={pages} />
    </div>
  );
}
