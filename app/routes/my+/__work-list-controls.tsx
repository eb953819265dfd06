import { Form, Link, useLocation } from "@remix-run/react";
import type { MyWorksFilter } from "~/domain/registry/my-works-filter";
import { WORK_STATUSES } from "~/domain/registry/vocabulary";
import { useT } from "~/utils/use-t";

/** Status + text filter (GET form) for an artisan's work list; `prefix` namespaces the parameters. */
export function WorkListFilter({ filter, prefix = "", total }: { filter: MyWorksFilter; prefix?: string; total: number }) {
  const { t } = useT();
  const { pathname } = useLocation();
  return (
    <Form method="get" className="flex flex-wrap items-end gap-2" data-testid="work-filter">
      <div className="min-w-0 flex-1 basis-48">
        <label className="label" htmlFor={`${prefix}q`}>
          {t("worklist.filter.q")}
        </label>
        <input
          id={`${prefix}q`}
          name={`${prefix}q`}
          type="search"
          maxLength={200}
          defaultValue={filter.q}
          placeholder={t("worklist.filter.qPlaceholder")}
          className="input w-full"
          data-testid="work-filter-q"
        />
      </div>
      <div>
        <label className="label" htmlFor={`${prefix}status`}>
          {t("worklist.filter.status")}
        </label>
        <select id={`${prefix}status`} name={`${prefix}status`} defaultValue={filter.status ?? ""} className="input" data-testid="work-filter-status">
          <option value="">{t("worklist.filter.anyStatus")}</option>
          {WORK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`works.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <button className="btn-secondary" data-testid="work-filter-apply">
        {t("worklist.filter.apply")}
      </button>
      {filter.q || filter.status ? (
        <Link to={pathname} className="text-sm text-cobalt-600 hover:underline">
          {t("worklist.filter.clear")}
        </Link>
      ) : null}
      <p className="muted w-full text-sm" data-testid="work-count">
        {t("worklist.count", { count: total })}
      </p>
    </Form>
  );
}

/** Previous / next links keeping the other parameters. */
export function WorkListPager({ page, pages, prefix = "" }: { page: number; pages: number; prefix?: string }) {
  const { t } = useT();
  const { pathname, search } = useLocation();
  if (pages <= 1) return null;
  const to = (p: number) => {
    const sp = new URLSearchParams(search);
    sp.set(`${prefix}page`, String(p));
    return `${pathname}?${sp.toString()}`;
  };
  return (
    <nav aria-label={t("worklist.page.nav")} className="flex flex-wrap items-center gap-3 text-sm" data-testid="work-pager">
      {page > 1 ? (
        <Link to={to(page - 1)} className="text-cobalt-600 hover:underline" data-testid="work-page-prev">
          {t("worklist.page.prev")}
        </Link>
      ) : null}
      <span data-testid="work-page">{t("worklist.page.of", { page, pages })}</span>
      {page < pages ? (
        <Link to={to(page + 1)} className="text-cobalt-600 hover:underline" data-testid="work-page-next">
          {t("worklist.page.next")}
        </Link>
      ) : null}
    </nav>
  );
}
