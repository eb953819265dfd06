import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorList, FormError, useReplyForm } from "~/components/forms";
import { adminCreateUserFormSchema, adminForceResetFormSchema, adminToggleUserFormSchema } from "~/domain/accounts/schemas";
import { buttonFormSchema } from "~/domain/form-intent";
import { signUp } from "~/domain/accounts/sign-up.server";
import { setUserDisabled } from "~/domain/accounts/set-user-disabled.server";
import { forcePasswordReset } from "~/domain/accounts/force-password-reset.server";
import { formDomainError, invalidForm, parseForm, type FormReply } from "~/web/form-reply.server";
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

/** The page's forms by intent: create (fields), and per user row forceReset and toggle (buttons with hidden fields). */
const USER_FORMS = { create: adminCreateUserFormSchema, forceReset: adminForceResetFormSchema, toggle: adminToggleUserFormSchema } as const;
type UsersReply = FormReply & { created?: string; forced?: string };

function isUserIntent(intent: string): intent is keyof typeof USER_FORMS {
  return Object.hasOwn(USER_FORMS, intent);
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "user:manage");
  const { locale } = await getT(request, admin);
  const form = await readPageForm(request);
  const posted = String(form.get("intent") ?? "");
  const intent = isUserIntent(posted) ? posted : null;
  // An unknown intent is refused like any malformed button post (a 400 with a message, not a 500).
  if (!intent) return invalidForm(parseForm(form, buttonFormSchema("create")), { locale, messageKey: "common.form.unknownAction", hideFields: ["password"] });
  const submission = parseForm(form, USER_FORMS[intent]);
  if (submission.status !== "success") {
    const messageKey = intent === "create" ? "common.form.fixErrors" : "common.form.unknownAction";
    return invalidForm(submission, { locale, intent, messageKey, hideFields: ["password"] });
  }
  const value = submission.value;
  try {
    if (value.intent === "create") {
      const u = await signUp({ db: prisma, name: value.name, email: value.email, password: value.password, role: value.role, locale, actorId: admin.id });
      return json<UsersReply>({ intent: value.intent, result: submission.reply({ resetForm: true }), formError: null, created: u.email });
    }
    if (value.intent === "forceReset") {
      const { email } = await forcePasswordReset({ db: prisma, actorId: admin.id, userId: value.userId, origin: mailLinkOrigin(request) });
      return json<UsersReply>({ intent: value.intent, result: null, formError: null, forced: email });
    }
    await setUserDisabled({ db: prisma, actorId: admin.id, userId: value.userId, disabled: value.disabled === "true" });
    return json<UsersReply>({ intent: value.intent, result: null, formError: null });
  } catch (e) {
    // A taken address sits under the e-mail input; the reply carries no submitted values (no password).
    return formDomainError(e, {
      locale,
      intent: value.intent,
      fieldOf: (key) => (key === "auth.error.emailTaken" ? "email" : undefined),
      fieldMessageKey: "common.form.fixErrors",
    });
  }
}

export default function AdminUsers() {
  const { t, date } = useT();
  const { users } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const create = useReplyForm("admin-create-user", data, "create");
  const created = data && "created" in data && typeof data.created === "string" ? data.created : null;
  const forced = data && "forced" in data && typeof data.forced === "string" ? data.forced : null;
  const fieldAria = (name: string) => ({
    "aria-invalid": create.errors[name] ? true : undefined,
    "aria-describedby": create.errors[name] ? `create-${name}-error` : undefined,
  });
  return (
    <div className="space-y-6">
      <h1 className="h1">{t("officer.users.title")}</h1>
      <Form id={create.form.id} method="post" className="card grid gap-3 sm:grid-cols-5">
        <input type="hidden" name="intent" value="create" />
        <div className="sm:col-span-5">
          <FormError message={data?.formError} />
          {created ? (
            <p role="status" className="text-sm text-green-700">
              {t("officer.users.created", { email: created })}
            </p>
          ) : null}
          {forced ? (
            <p role="status" className="text-sm text-green-700" data-testid="force-reset-done">
              {t("account.admin.forceResetDone", { email: forced })}
            </p>
          ) : null}
        </div>
        <div>
          <input className="input" name="name" required placeholder={t("auth.field.name")} aria-label={t("auth.field.name")} {...fieldAria("name")} />
          <ErrorList id="create-name-error" errors={create.errors.name} />
        </div>
        <div>
          <input
            className="input"
            name="email"
            type="email"
            required
            placeholder={t("auth.field.email")}
            aria-label={t("auth.field.email")}
            {...fieldAria("email")}
          />
          <ErrorList id="create-email-error" errors={create.errors.email} />
        </div>
        <div>
          <input
            className="input"
            name="password"
            type="password"
            required
            minLength={10}
            placeholder={t("auth.field.password")}
            aria-label={t("auth.field.password")}
            {...fieldAria("password")}
          />
          <ErrorList id="create-password-error" errors={create.errors.password} />
        </div>
        <div>
          <select className="input" name="role" aria-label={t("officer.users.role")} defaultValue="officer" {...fieldAria("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`auth.role.${r}`)}
              </option>
            ))}
          </select>
          <ErrorList id="create-role-error" errors={create.errors.role} />
        </div>
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
