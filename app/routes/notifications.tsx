import { pageTitle } from "~/utils/page-title";
import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/forms";
import { markNotificationsReadFormSchema } from "~/domain/accounts/schemas";
import { requireUser } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { readPageForm } from "~/utils/request-body.server";
import { invalidForm, parseForm, type FormReply } from "~/web/form-reply.server";
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
  const { locale } = await getT(request, user);
  const submission = parseForm(await readPageForm(request), markNotificationsReadFormSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, intent: "mark-read", messageKey: "common.form.unknownAction" });
  await prisma.notification.updateMany({ where: { userId: user.id, readAt: null }, data: { readAt: new Date() } });
  return json<FormReply>({ intent: "mark-read", result: null, formError: null, ok: true });
}

export default function Notifications() {
  const { t, dateTime } = useT();
  const { notifications } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="h1">{t("common.notifications.title")}</h1>
        <Form method="post">
          <input type="hidden" name="intent" value="mark-read" />
          <button className="btn-secondary" type="submit">
            {t("common.notifications.markRead")}
          </button>
        </Form>
      </div>
      <FormError message={data?.formError} />
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
