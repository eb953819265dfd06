import { pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EmptyState, Pager } from "~/components/list-ui";
import { parseCatalogFilters } from "~/domain/registry/catalog-filters";
import { searchCatalog } from "~/domain/registry/search-catalog.server";
import { TECHNIQUES, WORK_CATEGORIES } from "~/domain/registry/vocabulary";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.catalog");

/** Public page: no account needed; sealed works are reduced to their public facts by searchCatalog. */
export async function loader({ request }: LoaderFunctionArgs) {
  const filters = parseCatalogFilters(new URL(request.url).searchParams);
  const result = await searchCatalog({ filters });
  return json({ ...result, filters });
}

export default function Catalog() {
  const { t, locale, date } = useT();
  const data = useLoaderData<typeof loader>();
  const f = data.filters;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="h1">{t("catalog.title")}</h1>
        <p className="muted">{t("catalog.intro")}</p>
      </div>
      <Form method="get" className="card grid gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="catalog-filters">
        <input
          name="q"
          type="search"
          className="input sm:col-span-3 lg:col-span-2"
          aria-label={t("catalog.filter.q")}
          placeholder={t("catalog.filter.qPlaceholder")}
          defaultValue={f.q ?? ""}
          maxLength={100}
        />
        <select name="category" className="input" aria-label={t("catalog.filter.category")} defaultValue={f.category ?? ""}>
          <option value="">{t("catalog.filter.anyCategory")}</option>
          {WORK_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`works.category.${c}`)}
            </option>
          ))}
        </select>
        <select name="technique" className="input" aria-label={t("catalog.filter.technique")} defaultValue={f.technique ?? ""}>
          <option value="">{t("catalog.filter.anyTechnique")}</option>
          {TECHNIQUES.map((x) => (
            <option key={x} value={x}>
              {t(`works.technique.${x}`)}
            </option>
          ))}
        </select>
        <select name="owner" className="input" aria-label={t("catalog.filter.owner")} defaultValue={f.owner ?? ""}>
          <option value="">{t("catalog.filter.anyOwner")}</option>
          {data.owners.map((o) => (
            <option key={o.value} value={o.value}>
              {o.name}
            </option>
          ))}
        </select>
        <select name="year" className="input" aria-label={t("catalog.filter.year")} defaultValue={f.year ? String(f.year) : ""}>
          <option value="">{t("catalog.filter.anyYear")}</option>
          {data.years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
        <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
          <button type="submit" className="btn-primary">
            {t("common.action.filter")}
          </button>
          <Link to="/works" className="btn-secondary">
            {t("catalog.filter.clear")}
          </Link>
        </div>
      </Form>
      <p className="muted" data-testid="catalog-count">
        {data.totalCapped ? t("catalog.countMore", { count: new Intl.NumberFormat(locale).format(data.total) }) : t("catalog.count", { count: data.total })}
      </p>
      {data.entries.length ? (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="catalog-list">
          {data.entries.map((e) => (
            <li key={e.registrationNumber} className="card flex flex-col gap-2 p-3" data-testid="catalog-entry" data-sealed={e.sealed ? "true" : "false"}>
              <Link to={`/works/${e.registrationNumber}`} className="block aspect-square overflow-hidden rounded-md bg-slate-100">
                {!e.sealed && e.frontSha256 ? (
                  <img
                    src={`/resources/images/${e.frontSha256}/320`}
                    alt={(locale === "en" && e.titleEn) || e.titleZh}
                    loading="lazy"
                    className="h-full w-full object-contain"
                  />
                ) : (
                  <span className="flex h-full items-center justify-center p-4 text-center text-sm text-slate-500">
                    {e.sealed ? t("catalog.sealed.short") : t("catalog.noImage")}
                  </span>
                )}
              </Link>
              <div className="space-y-1">
                {e.sealed ? (
                  <p className="font-medium text-slate-700">{t("works.visibility.sealed")}</p>
                ) : (
                  <Link to={`/works/${e.registrationNumber}`} className="font-medium text-cobalt-700 hover:underline" data-testid="catalog-title">
                    {(locale === "en" && e.titleEn) || e.titleZh}
                  </Link>
                )}
                <p className="mono" data-testid="catalog-number">
                  {e.registrationNumber}
                </p>
                <p className="text-sm text-slate-600">{e.ownerName}</p>
                {!e.sealed ? (
                  <p className="muted">
                    {t(`works.category.${e.category}`)}
                    {e.techniques.length ? ` · ${e.techniques.map((x) => t(`works.technique.${x}`)).join("、")}` : ""}
                  </p>
                ) : null}
                <p className="muted">{t("catalog.registeredOn", { date: date(e.registeredAt) })}</p>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState>{t("catalog.none")}</EmptyState>
      )}
      <Pager page={data.page} pages={data.pages} label={t("catalog.pagination")} testId="catalog-pages" />
    </div>
  );
}
