import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SelectField } from "~/components/forms";
import { changePassword } from "~/domain/accounts/change-password.server";
import { changePasswordSchema, profileSchema } from "~/domain/accounts/schemas";
import { isDomainError } from "~/domain/errors";
import { updateProfile, isCompanyProfileComplete } from "~/domain/accounts/update-profile.server";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { pageTitle } from "~/utils/page-title";
import { consume, reset } from "~/utils/rate-limit.server";
import { localeCookie } from "~/utils/session.server";
import { useT } from "~/utils/use-t";
import { getMailSettings } from "~/domain/mail/get-mail-settings.server";
import { updateMailSettings } from "~/domain/mail/update-mail-settings.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title.profile");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ user, complete: isCompanyProfileComplete(user), mail: await getMailSettings({ db: prisma, userId: user.id }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readPageForm(request);
  if (formData.get("intent") === "password") return changePasswordAction(formData, user, request);
  if (formData.get("intent") === "mail") return mailSettingsAction(formData, user, request);
  const submission = parseWithZod(formData, { schema: profileSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), saved: false }, { status: 400 });
  await updateProfile({ db: prisma, userId: user.id, values: submission.value });
  // The explicit choice on this page also becomes the cookie, so it wins over the browser.
  return json({ result: submission.reply(), saved: true }, { headers: { "Set-Cookie": await localeCookie.serialize(submission.value.locale) } });
}

async function mailSettingsAction(formData: FormData, user: { id: string; locale: string }, request: Request) {
  const receive = formData.getAll("receive").map(String);
  try {
    await updateMailSettings({ db: prisma, userId: user.id, receive });
    return json({ mailSettings: { saved: true, formError: null } });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const { t } = await getT(request, user);
    return json({ mailSettings: { saved: false, formError: t(e.messageKey, e.params) } }, { status: e.status });
  }
}

async function changePasswordAction(formData: FormData, user: { id: string; sessionId: string; locale: string }, request: Request) {
  const submission = parseWithZod(formData, { schema: changePasswordSchema });
  const hidden = { hideFields: ["currentPassword", "newPassword", "confirm"] };
  if (submission.status !== "success") return json({ password: { result: submission.reply(hidden), formError: null, changed: null } }, { status: 400 });
  const { t } = await getT(request, user);
  // A stolen session must not become a way to guess the password: the login limit, per user.
  const limited = await consume("loginPerAccount", `password-change:${user.id}`);
  if (limited) return json({ password: { result: submission.reply(hidden), formError: t(limited.messageKey, limited.params), changed: null } }, limited.init);
  try {
    const { sessionsEnded } = await changePassword({
      db: prisma,
      userId: user.id,
      currentSessionId: user.sessionId,
      currentPassword: submission.value.currentPassword,
      newPassword: submission.value.newPassword,
    });
    await reset("loginPerAccount", `password-change:${user.id}`);
    return json({ password: { result: submission.reply({ resetForm: true }), formError: null, changed: sessionsEnded } });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return json({ password: { result: submission.reply(hidden), formError: t(e.messageKey, e.params), changed: null } }, { status: e.status });
  }
}

export default function Profile() {
  const { t } = useT();
  const { user, complete, mail } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const profileData = data && "saved" in data ? data : undefined;
  const [form, fields] = useForm({
    id: "profile",
    constraint: getZodConstraint(profileSchema),
    lastResult: profileData?.result,
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
      <p className="muted">
        {user.email} · {user.roles.map((r) => t(`auth.role.${r}`)).join(" · ")}
      </p>
      {profileData?.saved ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800">
          {t("auth.profile.saved")}
        </p>
      ) : null}
      <Form method="post" className="card grid gap-4 sm:grid-cols-2" {...getFormProps(form)}>
        <Field label={t("auth.field.name")} inputProps={getInputProps(fields.name, { type: "text" })} errors={fields.name.errors} />
        <SelectField
          label={t("auth.profile.language")}
          selectProps={getSelectProps(fields.locale)}
          options={[
            { value: "zh-CN", label: "中文（简体）" },
            { value: "en", label: "English" },
          ]}
          errors={fields.locale.errors}
        />
        <div className="sm:col-span-2">
          <h2 className="h2">{t("auth.profile.company")}</h2>
          <p className="muted">{complete ? t("auth.profile.companyComplete") : t("auth.profile.companyIncomplete")}</p>
        </div>
        <Field label={t("auth.field.companyName")} inputProps={getInputProps(fields.companyName, { type: "text" })} errors={fields.companyName.errors} />
        <Field
          label={t("auth.field.uscc")}
          hint={t("auth.field.usccHint")}
          inputProps={getInputProps(fields.companyUscc, { type: "text" })}
          errors={fields.companyUscc.errors}
        />
        <Field
          label={t("auth.field.country")}
          hint={t("auth.field.countryHint")}
          inputProps={{ ...getInputProps(fields.country, { type: "text" }), maxLength: 2 }}
          errors={fields.country.errors}
        />
        <Field label={t("auth.field.phone")} inputProps={getInputProps(fields.phone, { type: "text" })} errors={fields.phone.errors} />
        <Field
          className="sm:col-span-2"
          label={t("auth.field.address")}
          inputProps={getInputProps(fields.address, { type: "text" })}
          errors={fields.address.errors}
        />
        <div className="sm:col-span-2">
          <button type="submit" className="btn-primary">
            {t("common.action.save")}
          </button>
        </div>
      </Form>
      <MailSettingsForm email={user.email} settings={mail} data={data && "mailSettings" in data ? data.mailSettings : undefined} />
      <ChangePasswordForm data={data && "password" in data ? data.password : undefined} />
    </div>
  );
}

function ChangePasswordForm({ data }: { data?: { result: SubmissionResult<string[]>; formError: string | null; changed: number | null } }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: "change-password",
    constraint: getZodConstraint(changePasswordSchema),
    lastResult: data?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <Form method="post" className="card grid gap-4 sm:grid-cols-2" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="password" />
      <div className="sm:col-span-2">
        <h2 className="h2">{t("account.password.title")}</h2>
        <p className="muted">{t("account.password.intro")}</p>
      </div>
      {data?.changed != null ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800 sm:col-span-2" data-testid="password-changed">
          {t("account.password.changed", { count: data.changed })}
        </p>
      ) : null}
      {data?.formError ? (
        <div className="sm:col-span-2">
          <FormError message={data.formError} />
        </div>
      ) : null}
      <Field
        className="sm:col-span-2"
        label={t("account.password.current")}
        inputProps={{ ...getInputProps(fields.currentPassword, { type: "password" }), autoComplete: "current-password" }}
        errors={fields.currentPassword.errors}
      />
      <Field
        label={t("account.password.new")}
        hint={t("auth.field.passwordHint")}
        inputProps={{ ...getInputProps(fields.newPassword, { type: "password" }), autoComplete: "new-password" }}
        errors={fields.newPassword.errors}
      />
      <Field
        label={t("account.password.confirm")}
        inputProps={{ ...getInputProps(fields.confirm, { type: "password" }), autoComplete: "new-password" }}
        errors={fields.confirm.errors}
      />
      <div className="sm:col-span-2">
        <button type="submit" className="btn-primary">
          {t("account.password.submit")}
        </button>
      </div>
    </Form>
  );
}

function MailSettingsForm({
  email,
  settings,
  data,
}: {
  email: string;
  settings: { kind: string; receive: boolean }[];
  data?: { saved: boolean; formError: string | null };
}) {
  const { t } = useT();
  return (
    <Form method="post" className="card space-y-3" id="mail-settings" aria-labelledby="mail-settings-title">
      <input type="hidden" name="intent" value="mail" />
      <h2 className="h2" id="mail-settings-title">
        {t("mail.settings.title")}
      </h2>
      <p className="muted">{t("mail.settings.intro", { email })}</p>
      {data?.saved ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800">
          {t("mail.settings.saved")}
        </p>
      ) : null}
      {data?.formError ? <FormError message={data.formError} /> : null}
      <fieldset className="space-y-2">
        <legend className="sr-only">{t("mail.settings.title")}</legend>
        {settings.map((s) => (
          <label key={s.kind} className="flex items-start gap-2">
            <input type="checkbox" name="receive" value={s.kind} defaultChecked={s.receive} className="mt-1" />
            <span>
              <span className="font-medium">{t(`mail.kind.${s.kind}`)}</span>
              <span className="muted block text-sm">{t(`mail.kind.${s.kind}.hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="muted text-sm">{t("mail.settings.security")}</p>
      <button type="submit" className="btn-primary">
        {t("mail.settings.save")}
      </button>
    </Form>
  );
}
