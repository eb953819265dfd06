import { pageTitle } from "~/utils/page-title";
import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { useT } from "~/utils/use-t";
import { EmptyState } from "~/components/list-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.notifications");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const notifications = await prisma.notification.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, take: 100 });
  return json({ notifications });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await prisma.notification.updateMany({ where: { userId: user.id, readAt: null }, data: { readAt: new Date() } });
  return json({ ok: true });
}

export default function Notifications() {
  const { t, dateTime } = useT();
  const { notifications } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="h1">{t("common.notifications.title")}</h1>
        <Form method="post">
          <button className="btn-secondary" type="submit">
            {t("common.notifications.markRead")}
          </button>
        </Form>
      </div>
      {notifications.length ? (
        <ul className="card divide-y" data-testid="notifications">
          {notifications.map((n) => (
            <li key={n.id} className={`py-3 ${n.readAt ? "" : "font-medium"}`}>
              <div className="flex justify-between gap-4">
                <span>{n.subject}</span>
                <span className="muted">{dateTime(n.createdAt)}</span>
              </div>
              <p className="text-sm text-slate-600">{n.body}</p>
              {n.link ? (
                <Link className="text-sm text-cobalt-600 hover:underline" to={n.link}>
                  {t("common.action.open")}
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState plain>{t("common.notifications.none")}</EmptyState>
      )}
    </div>
  );
}
