import { pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listMyCases } from "~/domain/cases/list-cases.server";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { useT } from "~/utils/use-t";
import { CaseTable } from "./__case-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.myCases");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ cases: await listMyCases({ db: prisma, userId: user.id }) });
}

export default function MyCases() {
  const { t } = useT();
  const { cases } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="h1">{t("cases.mine.title")}</h1>
        <Link to="/cases/new" className="btn-primary">
          {t("cases.report.title")}
        </Link>
      </div>
      <CaseTable
        cases={cases}
        testId="my-cases"
        href={(c) => `/cases/${c.number}`}
        columns={[
          { header: t("cases.works.title"), cell: (c) => <span className="mono text-xs">{c.works.join(", ")}</span> },
          { header: t("cases.mine.role"), cell: (c) => t(`cases.actor.${c.role}`) },
        ]}
        empty={t("cases.mine.empty")}
      />
    </div>
  );
}
