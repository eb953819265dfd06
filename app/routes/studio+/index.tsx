import { pageTitle } from "~/utils/page-title";
import type { MetaFunction } from "@remix-run/node";
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SelectField } from "~/components/forms";
import { organizationSchema } from "~/domain/accounts/schemas";
import { createOrganization } from "~/domain/accounts/create-organization.server";
import { requirePermission } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { domainErrorResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { EmptyState } from "~/components/list-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.studios");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org:create");
  const orgs = await prisma.organization.findMany({
    where: { memberships: { some: { userId: user.id } } },
    include: { memberships: { include: { user: { select: { name: true, email: true } } } } },
  });
  return json({ orgs });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "org:create");
  const { locale } = await getT(request, user);
  const submission = parseWithZod(await readPageForm(request), { schema: organizationSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), formError: null }, { status: 400 });
  try {
    const org = await createOrganization({ db: prisma, userId: user.id, values: submission.value });
    return redirect(`/studio/${org.id}`);
  } catch (e) {
    return domainErrorResponse(e, locale, { result: submission.reply() });
  }
}

export default function Studio() {
  const { t } = useT();
  const { orgs } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "org",
    constraint: getZodConstraint(organizationSchema),
    lastResult: data?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organizationSchema }),
    defaultValue: { kind: "studio" },
  });
  return (
    <div className="space-y-6">
      <h1 className="h1">{t("auth.studio.title")}</h1>
      {orgs.length ? (
        <ul className="card divide-y">
          {orgs.map((o) => (
            <li key={o.id} className="py-2">
              <Link to={`/studio/${o.id}`} className="text-cobalt-600 hover:underline">
                {o.name}
              </Link>
              {o.uscc ? <span className="mono ml-2">{o.uscc}</span> : null}
              <span className="muted ml-2">{t("auth.studio.memberCount", { count: o.memberships.length })}</span>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState plain>{t("auth.studio.none")}</EmptyState>
      )}
      <Form method="post" className="card grid gap-4 sm:grid-cols-2" {...getFormProps(form)}>
        <h2 className="h2 sm:col-span-2">{t("auth.studio.create")}</h2>
        <div className="sm:col-span-2">
          <FormError message={data?.formError} />
        </div>
        <SelectField
          label={t("auth.studio.kind")}
          selectProps={getSelectProps(fields.kind)}
          options={[
            { value: "studio", label: t("auth.studio.kind.studio") },
            { value: "company", label: t("auth.studio.kind.company") },
          ]}
          errors={fields.kind.errors}
        />
        <Field
          label={t("auth.field.uscc")}
          hint={t("auth.field.usccHint")}
          inputProps={getInputProps(fields.uscc, { type: "text" })}
          errors={fields.uscc.errors}
        />
        <Field label={t("auth.studio.name")} inputProps={getInputProps(fields.name, { type: "text" })} errors={fields.name.errors} />
        <Field label={t("auth.studio.nameEn")} inputProps={getInputProps(fields.nameEn, { type: "text" })} errors={fields.nameEn.errors} />
        <div className="sm:col-span-2">
          <button className="btn-primary" type="submit">
            {t("auth.studio.createSubmit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
