import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, SelectField } from "~/components/forms";
import { profileSchema } from "~/domain/accounts/schemas";
import { updateProfile, isCompanyProfileComplete } from "~/domain/accounts/update-profile.server";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { localeCookie } from "~/utils/session.server";
import { useT } from "~/utils/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ user, complete: isCompanyProfileComplete(user) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readPageForm(request), { schema: profileSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), saved: false }, { status: 400 });
  await updateProfile({ db: prisma, userId: user.id, values: submission.value });
  // The explicit choice on this page also becomes the cookie, so it wins over the browser.
  return json({ result: submission.reply(), saved: true }, { headers: { "Set-Cookie": await localeCookie.serialize(submission.value.locale) } });
}

export default function Profile() {
  const { t } = useT();
  const { user, complete } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "profile",
    constraint: getZodConstraint(profileSchema),
    lastResult: data?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
    defaultValue: {
      name: user.name,
      locale: user.locale,
      companyName: user.companyName ?? "",
      companyUscc: user.companyUscc ?? "",
      country: user.country ?? "",
      address: user.address ?? "",
      phone: user.phone ?? "",
    },
  });
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="h1">{t("auth.profile.title")}</h1>
      <p className="muted">{user.email} · {user.roles.map((r) => t(`auth.role.${r}`)).join(" · ")}</p>
      {data?.saved ? <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800">{t("auth.profile.saved")}</p> : null}
      <Form method="post" className="card grid gap-4 sm:grid-cols-2" {...getFormProps(form)}>
        <Field label={t("auth.field.name")} inputProps={getInputProps(fields.name, { type: "text" })} errors={fields.name.errors} />
        <SelectField
          label={t("auth.profile.language")}
          selectProps={getSelectProps(fields.locale)}
          options={[{ value: "zh-CN", label: "中文（简体）" }, { value: "en", label: "English" }]}
          errors={fields.locale.errors}
        />
        <div className="sm:col-span-2">
          <h2 className="h2">{t("auth.profile.company")}</h2>
          <p className="muted">{complete ? t("auth.profile.companyComplete") : t("auth.profile.companyIncomplete")}</p>
        </div>
        <Field label={t("auth.field.companyName")} inputProps={getInputProps(fields.companyName, { type: "text" })} errors={fields.companyName.errors} />
        <Field label={t("auth.field.uscc")} hint={t("auth.field.usccHint")} inputProps={getInputProps(fields.companyUscc, { type: "text" })} errors={fields.companyUscc.errors} />
        <Field label={t("auth.field.country")} hint={t("auth.field.countryHint")} inputProps={{ ...getInputProps(fields.country, { type: "text" }), maxLength: 2 }} errors={fields.country.errors} />
        <Field label={t("auth.field.phone")} inputProps={getInputProps(fields.phone, { type: "text" })} errors={fields.phone.errors} />
        <Field className="sm:col-span-2" label={t("auth.field.address")} inputProps={getInputProps(fields.address, { type: "text" })} errors={fields.address.errors} />
        <div className="sm:col-span-2">
          <button type="submit" className="btn-primary">{t("common.action.save")}</button>
        </div>
      </Form>
    </div>
  );
}
