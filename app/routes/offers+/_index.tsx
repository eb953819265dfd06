import { pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { offerFilterSchema } from "~/domain/licensing/forms";
import { listOffers } from "~/domain/licensing/list-offers.server";
import { EXCLUSIVITIES, FIELDS_OF_USE } from "~/domain/licensing/vocabulary";
import { REGION_CODES } from "~/domain/licensing/territories";
import { TECHNIQUES } from "~/domain/registry/vocabulary";
import { getUser, userCan } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { useT } from "~/utils/use-t";
import { WorkPicture } from "~/components/work-picture";
import { EmptyState, Pager } from "~/components/list-ui";
import { TermsSummary } from "~/routes/deals+/__license-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.offers");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const filter = offerFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listOffers({ db: prisma, filter });
  return json({ ...list, canPublish: userCan(user, "offer:create") });
}

export default function Offers() {
  const { t, locale, money } = useT();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="h1">{t("licensing.offers.title")}</h1>
          <p className="muted">{t("licensing.offers.intro")}</p>
        </div>
        {data.canPublish ? (
          <div className="flex gap-2">
            <Link to="/offers/new" className="btn-primary">
              {t("licensing.offers.publish")}
            </Link>
            <Link to="/connect" className="btn-secondary">
              {t("licensing.connect.link")}
            </Link>
          </div>
        ) : null}
      </div>
      <Form method="get" className="card grid gap-3 sm:grid-cols-4" data-testid="offer-filters">
        <select name="field" className="input" aria-label={t("licensing.form.fields")} defaultValue={params.get("field") ?? ""}>
          <option value="">{t("licensing.offers.anyField")}</option>
          {FIELDS_OF_USE.map((f) => (
            <option key={f} value={f}>
              {t(`licensing.field.${f}`)}
            </option>
          ))}
        </select>
        <input
          name="territory"
          className="input"
          aria-label={t("licensing.form.territories")}
          list="territory-codes"
          placeholder={t("licensing.offers.territoryPlaceholder")}
          defaultValue={params.get("territory") ?? ""}
        />
        <datalist id="territory-codes">
          {REGION_CODES.map((r) => (
            <option key={r} value={r}>
              {t(`licensing.region.${r}`)}
            </option>
          ))}
        </datalist>
        <select name="exclusivity" className="input" aria-label={t("licensing.form.exclusivity")} defaultValue={params.get("exclusivity") ?? ""}>
          <option value="">{t("licensing.offers.anyExclusivity")}</option>
          {EXCLUSIVITIES.map((e) => (
            <option key={e} value={e}>
              {t(`licensing.exclusivity.${e}`)}
            </option>
          ))}
        </select>
        <select name="technique" className="input" aria-label={t("licensing.offers.technique")} defaultValue={params.get("technique") ?? ""}>
          <option value="">{t("licensing.offers.anyTechnique")}</option>
          {TECHNIQUES.map((x) => (
            <option key={x} value={x}>
              {t(`works.technique.${x}`)}
            </option>
          ))}
        </select>
        <input
          name="minPrice"
          className="input"
          inputMode="decimal"
          aria-label={t("licensing.offers.minPrice")}
          placeholder={t("licensing.offers.minPrice")}
          defaultValue={params.get("minPrice") ?? ""}
        />
        <input
          name="maxPrice"
          className="input"
          inputMode="decimal"
          aria-label={t("licensing.offers.maxPrice")}
          placeholder={t("licensing.offers.maxPrice")}
          defaultValue={params.get("maxPrice") ?? ""}
        />
        <button type="submit" className="btn-primary">
          {t("common.action.filter")}
        </button>
        <Link to="/offers" className="btn-secondary">
          {t("licensing.offers.clear")}
        </Link>
      </Form>
      <p className="muted" data-testid="offer-count">
        {t("licensing.offers.count", { count: data.total })}
      </p>
      {data.offers.length ? (
        <ul className="grid gap-4 md:grid-cols-2" data-testid="offer-list">
          {data.offers.map((o) => (
            <li key={o.id} className="card space-y-3" data-testid="offer-card">
              <Link to={`/offers/${o.id}`} tabIndex={-1} aria-hidden="true">
                <WorkPicture sha256={o.work.imageSha256} sealed={o.work.sealed} alt="" />
              </Link>
              <div className="flex items-start justify-between gap-2">
                <div>
                  <Link to={`/offers/${o.id}`} className="font-semibold text-cobalt-700 hover:underline">
                    {o.work.sealed ? t("licensing.work.sealedTitle") : locale === "en" && o.work.titleEn ? o.work.titleEn : o.work.titleZh}
                  </Link>
                  <div className="mono">{o.work.registrationNumber}</div>
                </div>
                <span className="badge bg-cobalt-50 text-cobalt-700">{t(`licensing.exclusivity.${o.exclusivity}`)}</span>
              </div>
              <p className="text-sm">
                {t("licensing.offers.fee")}: <strong>{money(o.upfrontFeeFen)}</strong>
                {o.royaltyBps ? ` · ${t("licensing.offers.royalty")}: ${o.royaltyBps / 100}%` : ""}
              </p>
              <TermsSummary summaries={o.summaries} />
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState>{t("licensing.offers.none")}</EmptyState>
      )}
      <Pager
        page={data.page}
        pages={data.pages}
        label={t("licensing.offers.pagination")}
        summary={t("licensing.offers.pageOf", { page: data.page, pages: data.pages })}
      />
    </div>
  );
}
