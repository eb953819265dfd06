import { pageTitle } from "~/utils/page-title";
import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { prisma } from "~/utils/db.server";
import { OPEN_CASE_STATUSES } from "~/domain/cases/open-statuses";
import { useT } from "~/utils/use-t";
import { WorkPicture } from "~/components/work-picture";
import { FRONT_VIEW } from "~/domain/licensing/offer-face";
import { inForceWhere } from "~/domain/licensing/license-standing";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.home");

export async function loader(_: LoaderFunctionArgs) {
  const [registeredWorks, activeLicenses, openCases, recent] = await Promise.all([
    prisma.work.count({ where: { status: "registered" } }),
    prisma.deal.count({ where: inForceWhere(new Date()) }),
    prisma.infringementCase.count({ where: { status: { in: [...OPEN_CASE_STATUSES] } } }),
    // Sealed works never appear here: the public front page shows only public designs.
    prisma.work.findMany({
      where: { status: "registered", visibility: "public", registrationNumber: { not: null } },
      orderBy: { registeredAt: "desc" },
      take: 6,
      select: { registrationNumber: true, titleZh: true, titleEn: true, ownerName: true, views: FRONT_VIEW.views },
    }),
  ]);
  return json({
    registeredWorks,
    activeLicenses,
    openCases,
    recent: recent.map((w) => ({
      registrationNumber: w.registrationNumber!,
      titleZh: w.titleZh,
      titleEn: w.titleEn,
      ownerName: w.ownerName,
      imageSha256: (w.views.find((v) => v.kind === "front") ?? w.views[0])?.sha256 ?? null,
    })),
  });
}

export default function Home() {
  const { t, locale } = useT();
  const counts = useLoaderData<typeof loader>();
  const stats = [
    { key: "registeredWorks", value: counts.registeredWorks, to: "/works" },
    { key: "activeLicenses", value: counts.activeLicenses, to: "/offers" },
    { key: "openCases", value: counts.openCases, to: "/cases/new" },
  ] as const;
  return (
    <div className="space-y-12">
      <section className="grid gap-8 md:grid-cols-2 md:items-center">
        <div>
          <h1 className="text-3xl font-bold text-cobalt-900 md:text-4xl">{t("common.home.headline")}</h1>
          <p className="mt-4 text-lg text-slate-700">{t("common.home.lead")}</p>
          <div className="mt-6 flex flex-wrap gap-3">
            <Link to="/signup" className="btn-primary">
              {t("common.home.ctaRegister")}
            </Link>
            <Link to="/offers" className="btn-secondary">
              {t("common.home.ctaLicense")}
            </Link>
            <Link to="/verify" className="btn-secondary">
              {t("common.home.ctaVerify")}
            </Link>
          </div>
        </div>
        <dl className="grid grid-cols-3 gap-3" data-testid="live-counts">
          {stats.map((s) => (
            <Link key={s.key} to={s.to} className="card text-center hover:border-cobalt-500">
              <dt className="muted">{t(`common.home.count.${s.key}`)}</dt>
              <dd className="mt-1 text-3xl font-semibold text-cobalt-700" data-testid={`count-${s.key}`}>
                {s.value}
              </dd>
            </Link>
          ))}
        </dl>
      </section>
      {counts.recent.length ? (
        <section className="space-y-3" data-testid="recent-works">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="h2">{t("common.home.recent.title")}</h2>
            <Link to="/works" className="text-sm text-cobalt-600 hover:underline">
              {t("common.home.recent.all")}
            </Link>
          </div>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
            {counts.recent.map((w) => {
              const title = (locale === "en" && w.titleEn) || w.titleZh;
              return (
                <li key={w.registrationNumber}>
                  <Link to={`/works/${w.registrationNumber}`} className="block space-y-1 hover:opacity-90">
                    <WorkPicture sha256={w.imageSha256} alt={title} className="aspect-square h-auto w-full" />
                    <span className="block truncate text-sm font-medium text-cobalt-800">{title}</span>
                    <span className="block truncate text-xs text-slate-500">{w.ownerName}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      <section className="grid gap-4 md:grid-cols-3">
        {(["artisans", "licensees", "officers"] as const).map((who) => (
          <div key={who} className="card">
            <h2 className="h2">{t(`common.home.for.${who}.title`)}</h2>
            <p className="mt-2 text-sm text-slate-600">{t(`common.home.for.${who}.body`)}</p>
          </div>
        ))}
      </section>
      <section className="card">
        <h2 className="h2">{t("common.home.how.title")}</h2>
        <ol className="mt-3 list-decimal space-y-1 pl-5 text-sm text-slate-700">
          <li>{t("common.home.how.1")}</li>
          <li>{t("common.home.how.2")}</li>
          <li>{t("common.home.how.3")}</li>
          <li>{t("common.home.how.4")}</li>
        </ol>
      </section>
    </div>
  );
}
