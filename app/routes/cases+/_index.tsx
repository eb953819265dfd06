import { pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listMyCases } from "~/domain/cases/list-cases.server";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { useT } from "~/utils/use-t";
import { CaseStatus } from "./__case-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.myCases");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ cases: await listMyCases({ db: prisma, userId: user.id }) });
}

export default function MyCases() {
  const { t, dateTime } = useT();
  const { cases } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="h1">{t("cases.mine.title")}</h1>
        <Link to="/cases/new" className="btn-primary">
          {t("cases.report.title")}
        </Link>
      </div>
      {cases.length ? (
        <table className="table card" data-testid="my-cases">
          <thead>
            <tr>
              <th>{t("cases.field.number")}</th>
              <th>{t("cases.field.status")}</th>
              <th>{t("cases.field.platform")}</th>
              <th>{t("cases.works.title")}</th>
              <th>{t("cases.mine.role")}</th>
              <th>{t("cases.field.reportedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.number}>
                <td>
                  <Link to={`/cases/${c.number}`} className="mono text-cobalt-600 hover:underline">
                    {c.number}
                  </Link>
                </td>
                <td>
                  <CaseStatus status={c.status} resolution={c.resolution} />
                </td>
                <td>{t(`cases.platform.${c.platform}`)}</td>
                <td className="mono text-xs">{c.works.join(", ")}</td>
                <td>{t(`cases.actor.${c.role}`)}</td>
                <td>{dateTime(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted rounded-md border border-dashed border-slate-300 p-4 text-center" data-testid="empty-state">
          {t("cases.mine.empty")}
        </p>
      )}
    </div>
  );
}
