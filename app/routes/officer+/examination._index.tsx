import { pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isWeakPdq } from "~/domain/imaging/hamming";
import { checkPriorArt } from "~/domain/registry/prior-art.server";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.examination");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "work:examine");
  const works = await prisma.work.findMany({
    where: { status: "submitted" },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    take: 100,
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      ownerName: true,
      visibility: true,
      submittedAt: true,
      views: { orderBy: { order: "asc" }, select: { sha256: true, pdqDihedral: true, pdqQuality: true } },
    },
  });
  const queue = await Promise.all(
    works.map(async ({ views, ...w }) => {
      const found = (await checkPriorArt(views.map((v) => ({ pdqDihedral: JSON.parse(v.pdqDihedral) as string[] })), [w.id])).flat();
      return {
        ...w,
        viewCount: views.length,
        thumb: views[0]?.sha256 ?? null,
        same: found.filter((m) => m.verdict === "same").length,
        similar: found.filter((m) => m.verdict === "similar").length,
        weak: views.filter((v) => isWeakPdq(v.pdqQuality)).length,
      };
    }),
  );
  return json({ queue });
}

export default function ExaminationQueue() {
  const { t, locale, dateTime } = useT();
  const { queue } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <h1 className="h1">{t("works.exam.title")}</h1>
      <p className="muted">{t("works.exam.intro")}</p>
      {queue.length === 0 ? (
        <p className="muted rounded-md border border-dashed border-slate-300 p-4 text-center" data-testid="empty-state">{t("works.exam.empty")}</p>
      ) : (
        <table className="table card" data-testid="examination-queue">
          <thead>
            <tr>
              <th>{t("works.exam.col.submitted")}</th>
              <th>{t("works.exam.col.work")}</th>
              <th>{t("works.exam.col.owner")}</th>
              <th>{t("works.exam.col.views")}</th>
              <th>{t("works.exam.col.matches")}</th>
              <th>{t("works.exam.col.weak")}</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((w) => (
              <tr key={w.id} data-testid="queue-row">
                <td className="whitespace-nowrap">{w.submittedAt ? dateTime(w.submittedAt) : "—"}</td>
                <td>
                  <Link to={`/officer/examination/${w.id}`} className="flex items-center gap-2 text-cobalt-600 hover:underline">
                    {w.thumb ? <img src={`/resources/images/${w.thumb}/320`} alt="" className="h-10 w-10 rounded border object-cover" /> : null}
                    {(locale === "en" && w.titleEn) || w.titleZh}
                  </Link>
                  {w.visibility === "sealed" ? <span className="muted text-xs"> · {t("works.visibility.sealed")}</span> : null}
                </td>
                <td>{w.ownerName}</td>
                <td>{w.viewCount}</td>
                <td data-testid="match-count">
                  {w.same ? <span className="font-semibold text-rouge-500">{t("works.priorArt.same")} {w.same}</span> : null}
                  {w.same && w.similar ? " · " : null}
                  {w.similar ? <span className="text-amber-700">{t("works.priorArt.similar")} {w.similar}</span> : null}
                  {!w.same && !w.similar ? "0" : null}
                </td>
                <td>{w.weak ? <span className="text-amber-700">{w.weak}</span> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
