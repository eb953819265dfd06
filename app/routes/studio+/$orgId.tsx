import { pageTitle } from "~/utils/page-title";
import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, useReplyForm } from "~/components/forms";
import { inviteMember } from "~/domain/accounts/invite-member.server";
import { inviteMemberFormSchema } from "~/domain/accounts/schemas";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/route-helpers.server";
import { formDomainError, invalidForm, parseForm, type FormReply } from "~/web/form-reply.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.studio");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org:create");
  // Membership is part of the query: a stranger's studio is simply not found.
  const org = await prisma.organization.findFirst({
    where: { id: params.orgId, memberships: { some: { userId: user.id } } },
    include: {
      memberships: { include: { user: { select: { name: true, email: true } } } },
      invitations: { where: { acceptedAt: null }, orderBy: { createdAt: "desc" } },
    },
  });
  invariantResponse(org, "Not Found", 404);
  const isOwner = org.memberships.some((m) => m.userId === user.id && m.role === "owner");
  return json({ org, isOwner });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "org:create");
  const { locale } = await getT(request, user);
  const intent = "invite";
  const submission = parseForm(await readPageForm(request), inviteMemberFormSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: "common.form.fixErrors" });
  try {
    const { token } = await inviteMember({ db: prisma, actorId: user.id, organizationId: params.orgId!, email: submission.value.email });
    return json<FormReply & { link: string }>({ intent, result: submission.reply({ resetForm: true }), formError: null, link: `/invitations/${token}` });
  } catch (e) {
    return formDomainError(e, { locale, intent, submission });
  }
}

export default function OrgPage() {
  const { t, date } = useT();
  const { org, isOwner } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const invite = useReplyForm("studio-invite", data, "invite");
  const link = data && "link" in data && typeof data.link === "string" ? data.link : null;
  return (
    <div className="space-y-6">
      <h1 className="h1">{org.name}</h1>
      <p className="muted">
        {org.nameEn}{" "}
        {org.uscc ? (
          <span className="mono">
            · {t("auth.field.uscc")}: {org.uscc}
          </span>
        ) : null}
      </p>
      <section className="card">
        <h2 className="h2">{t("auth.studio.members")}</h2>
        <ul className="mt-2 divide-y">
          {org.memberships.map((m) => (
            <li key={m.id} className="py-2">
              {m.user.name}{" "}
              <span className="muted">
                {m.user.email} · {t(`auth.studio.memberRole.${m.role}`)}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {isOwner ? (
        <section className="card space-y-3">
          <h2 className="h2">{t("auth.studio.invite")}</h2>
          <FormError message={data?.formError} />
          {link ? (
            <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800">
              {t("auth.studio.invited")} <code className="mono">{link}</code>
            </p>
          ) : null}
          <Form id={invite.form.id} method="post" className="flex items-end gap-2">
            <Field
              className="flex-1"
              label={t("auth.field.email")}
              inputProps={{ id: "invite-email", name: "email", type: "email", required: true, maxLength: 254 }}
              errors={invite.errors.email}
            />
            <button className="btn-primary" type="submit">
              {t("auth.studio.inviteSubmit")}
            </button>
          </Form>
          {org.invitations.length ? (
            <ul className="muted">
              {org.invitations.map((i) => (
                <li key={i.id}>
                  {i.email} · {t("auth.studio.expires", { date: date(i.expiresAt) })}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
