import { pageTitle } from "~/utils/page-title";
import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission } from "~/utils/auth.server";
import { containsText, prisma } from "~/utils/db.server";
import { useT } from "~/utils/use-t";
import { auditActionKey, auditEntityKey, auditFields } from "~/domain/audit/audit-labels";
import { EmptyState } from "~/components/list-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.audit");

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "audit:read");
  const url = new URL(request.url);
  const action = url.searchParams.get("action")?.trim() || undefined;
  const entityType = url.searchParams.get("entityType")?.trim() || undefined;
  const entityId = url.searchParams.get("entityId")?.trim() || undefined;
  const actor = url.searchParams.get("actor")?.trim() || undefined;
  const before = Number(url.searchParams.get("before")) || undefined;
  const where = {
    ...(action ? { action: containsText(action) } : {}),
    ...(entityType ? { entityType } : {}),
    ...(entityId ? { entityId } : {}),
    ...(actor ? { actor: { email: containsText(actor.toLowerCase()) } } : {}),
    ...(before ? { seq: { lt: before } } : {}),
  };
  const [events, entityTypes] = await Promise.all([
    prisma.auditEvent.findMany({ where, orderBy: { seq: "desc" }, take: PAGE, include: { actor: { select: { name: true, email: true } } } }),
    prisma.auditEvent.findMany({ distinct: ["entityType"], select: { entityType: true } }),
  ]);
  return json({ events, entityTypes: entityTypes.map((e) => e.entityType), next: events.length === PAGE ? events[events.length - 1].seq : null });
}

export default function AuditLog() {
  const { t, dateTime } = useT();
  const { events, entityTypes, next } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const nextParams = new URLSearchParams(params);
  if (next) nextParams.set("before", String(next));
  return (
    <div className="space-y-4">
      <h1 className="h1">{t("officer.audit.title")}</h1>
      <p className="muted">{t("officer.audit.explain")}</p>
      <Form method="get" className="card grid gap-3 sm:grid-cols-5">
        <input
          className="input"
          name="action"
          placeholder={t("officer.audit.action")}
          aria-label={t("officer.audit.action")}
          defaultValue={params.get("action") ?? ""}
        />
        <select className="input" name="entityType" aria-label={t("officer.audit.entityType")} defaultValue={params.get("entityType") ?? ""}>
          <option value="">{t("officer.audit.allTypes")}</option>
          {entityTypes.map((e) => {
            const key = auditEntityKey(e);
            return (
              <option key={e} value={e}>
                {key ? t(key) : e}
              </option>
            );
          })}
        </select>
        <input
          className="input"
          name="entityId"
          placeholder={t("officer.audit.entityId")}
          aria-label={t("officer.audit.entityId")}
          defaultValue={params.get("entityId") ?? ""}
        />
        <input
          className="input"
          name="actor"
          placeholder={t("officer.audit.actor")}
          aria-label={t("officer.audit.actor")}
          defaultValue={params.get("actor") ?? ""}
        />
        <button className="btn-primary" type="submit">
          {t("common.action.filter")}
        </button>
      </Form>
      {events.length ? (
        <div className="card overflow-x-auto p-0">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t("officer.audit.time")}</th>
                <th>{t("officer.audit.actor")}</th>
                <th>{t("officer.audit.action")}</th>
                <th>{t("officer.audit.entity")}</th>
                <th>{t("officer.audit.data")}</th>
                <th>{t("officer.audit.hash")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => {
                const actionKey = auditActionKey(e.action);
                const entityKey = auditEntityKey(e.entityType);
                return (
                  <tr key={e.seq} data-testid="audit-row">
                    <td>{e.seq}</td>
                    <td className="whitespace-nowrap">{dateTime(e.at)}</td>
                    <td>{e.actor ? `${e.actor.name} <${e.actor.email}>` : t("officer.audit.system")}</td>
                    <td>
                      <div className="font-medium" data-testid="audit-action">
                        {actionKey ? t(actionKey) : e.action}
                      </div>
                      <div className="mono text-slate-400">{e.action}</div>
                    </td>
                    <td>
                      {entityKey ? t(entityKey) : e.entityType}
                      <div className="mono text-slate-400">{e.entityId}</div>
                    </td>
                    <td className="max-w-xs text-xs">
                      <dl className="space-y-0.5">
                        {auditFields(e.data).map((f, n) => (
                          <div key={n} className="break-words">
                            {f.key ? <dt className="inline text-slate-500">{f.key}: </dt> : null}
                            <dd className="inline">{f.value}</dd>
                          </div>
                        ))}
                      </dl>
                      <details className="mt-1">
                        <summary className="cursor-pointer text-cobalt-600">{t("audit.raw")}</summary>
                        <pre className="mono whitespace-pre-wrap">{e.data}</pre>
                      </details>
                    </td>
                    <td className="mono" title={e.hash}>
                      {e.hash.slice(0, 12)}…
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState plain>{t("officer.audit.none")}</EmptyState>
      )}
      {next ? (
        <Link className="btn-secondary" to={`?${nextParams}`}>
          {t("common.action.older")}
        </Link>
      ) : null}
    </div>
  );
}
