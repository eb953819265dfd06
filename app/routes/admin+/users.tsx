import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "~/components/forms";
import { emailSchema, nameSchema, passwordSchema } from "~/domain/accounts/schemas";
import { signUp } from "~/domain/accounts/sign-up.server";
import { setUserDisabled } from "~/domain/accounts/set-user-disabled.server";
import { forcePasswordReset } from "~/domain/accounts/force-password-reset.server";
import { domainErrorResponse } from "~/utils/route-helpers.server";
import { mailLinkOrigin, requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { ROLES } from "~/utils/permissions";
import { pageTitle } from "~/utils/page-title";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title.adminUsers");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "user:manage");
  const users = await prisma.user.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      email: true,
      disabledAt: true,
      emailVerifiedAt: true,
      mustResetPassword: true,
      createdAt: true,
      roles: { select: { name: true } },
    },
  });
  return json({ users });
}

const createSchema = z.object({ intent: z.literal("create"), name: nameSchema, email: emailSchema, password: passwordSchema, role: z.enum(ROLES) });
const toggleSchema = z.object({ intent: z.literal("toggle"), userId: z.string().min(1), disabled: z.enum(["true", "false"]) });
const forceResetSchema = z.object({ intent: z.literal("forceReset"), userId: z.string().min(1) });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "user:manage");
  const { t, locale } = await getT(request, admin);
  const form = Object.fromEntries(await readPageForm(request));
  const parsed = z.discriminatedUnion("intent", [createSchema, toggleSchema, forceResetSchema]).safeParse(form);
  if (!parsed.success) return json({ formError: t(parsed.error.issues[0].message), created: null, forced: null }, { status: 400 });
  try {
    if (parsed.data.intent === "create") {
      const u = await signUp({
        db: prisma,
        name: parsed.data.name,
        email: parsed.data.email,
        password: parsed.data.password,
        role: parsed.data.role,
        locale,
        actorId: admin.id,
      });
      return json({ formError: null, created: u.email, forced: null });
    }
    if (parsed.data.intent === "forceReset") {
      const { email } = await forcePasswordReset({ db: prisma, actorId: admin.id, userId: parsed.data.userId, origin: mailLinkOrigin(request) });
      return json({ formError: null, created: null, forced: email });
    }
    await setUserDisabled({ db: prisma, actorId: admin.id, userId: parsed.data.userId, disabled: parsed.data.disabled === "true" });
    return json({ formError: null, created: null, forced: null });
  } catch (e) {
    return domainErrorResponse(e, locale, { created: null, forced: null });
  }
}

export default function AdminUsers() {
  const { t, date } = useT();
  const { users } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <h1 className="h1">{t("officer.users.title")}</h1>
      <Form method="post" className="card grid gap-3 sm:grid-cols-5">
        <input type="hidden" name="intent" value="create" />
        <div className="sm:col-span-5">
          <FormError message={data?.formError} />
          {data?.created ? (
            <p role="status" className="text-sm text-green-700">
              {t("officer.users.created", { email: data.created })}
            </p>
          ) : null}
          {data?.forced ? (
            <p role="status" className="text-sm text-green-700" data-testid="force-reset-done">
              {t("account.admin.forceResetDone", { email: data.forced })}
            </p>
          ) : null}
        </div>
        <input className="input" name="name" required placeholder={t("auth.field.name")} aria-label={t("auth.field.name")} />
        <input className="input" name="email" type="email" required placeholder={t("auth.field.email")} aria-label={t("auth.field.email")} />
        <input
          className="input"
          name="password"
          type="password"
          required
          minLength={10}
          placeholder={t("auth.field.password")}
          aria-label={t("auth.field.password")}
        />
        <select className="input" name="role" aria-label={t("officer.users.role")} defaultValue="officer">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`auth.role.${r}`)}
            </option>
          ))}
        </select>
        <button className="btn-primary" type="submit">
          {t("officer.users.create")}
        </button>
      </Form>
      <div className="card overflow-x-auto p-0">
        <table className="table">
          <thead>
            <tr>
              <th>{t("auth.field.name")}</th>
              <th>{t("auth.field.email")}</th>
              <th>{t("officer.users.role")}</th>
              <th>{t("officer.users.since")}</th>
              <th>{t("account.admin.status")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{u.roles.map((r) => t(`auth.role.${r.name}`)).join(", ")}</td>
                <td>{date(u.createdAt)}</td>
                <td className="space-x-1 text-xs" data-testid="user-status">
                  <span className={`badge ${u.emailVerifiedAt ? "bg-green-50 text-green-800" : "bg-amber-50 text-amber-900"}`}>
                    {t(u.emailVerifiedAt ? "account.admin.verified" : "account.admin.unverified")}
                  </span>
                  {u.mustResetPassword ? <span className="badge bg-amber-50 text-amber-900">{t("account.admin.mustReset")}</span> : null}
                  {u.disabledAt ? <span className="badge bg-slate-100 text-slate-700">{t("account.admin.disabled")}</span> : null}
                </td>
                <td>
                  <div className="flex flex-wrap gap-1">
                    <Form method="post">
                      <input type="hidden" name="intent" value="forceReset" />
                      <input type="hidden" name="userId" value={u.id} />
                      <button className="btn-secondary py-1" type="submit" data-testid="force-reset">
                        {t("account.admin.forceReset")}
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="toggle" />
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="disabled" value={u.disabledAt ? "false" : "true"} />
                      <button className="btn-secondary py-1" type="submit">
                        {u.disabledAt ? t("officer.users.enable") : t("officer.users.disable")}
                      </button>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
