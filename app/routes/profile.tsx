import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SelectField, useReplyForm } from "~/components/forms";
import { changePassword } from "~/domain/accounts/change-password.server";
import { changePasswordSchema, mailSettingsFormSchema, profileSchema } from "~/domain/accounts/schemas";
import { updateProfile, isCompanyProfileComplete } from "~/domain/accounts/update-profile.server";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { translate, type Locale } from "~/utils/i18n";
import { domainErrorResponse } from "~/utils/route-helpers.server";
import { formDomainError, invalidForm, parseForm, type FormReply } from "~/web/form-reply.server";
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
  const { locale } = await getT(request, user);
  if (formData.get("intent") === "password") return changePasswordAction(formData, user, locale);
  if (formData.get("intent") === "mail") return mailSettingsAction(formData, user.id, locale);
  const intent = "profile";
  const submission = parseForm(formData, profileSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: "account.form.fixErrors" });
  await updateProfile({ db: prisma, userId: user.id, values: submission.value });
  // The explicit choice on this page also becomes the cookie, so it wins over the browser.
  return json<FormReply>(
    { intent, result: submission.reply(), formError: null, ok: true },
    { headers: { "Set-Cookie": await localeCookie.serialize(submission.value.locale) } },
  );
}

async function mailSettingsAction(formData: FormData, userId: string, locale: Locale) {
  const intent = "mail";
  const submission = parseForm(formData, mailSettingsFormSchema);
  if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: "mail.settings.invalid" });
  try {
    await updateMailSettings({ db: prisma, userId, receive: submission.value.receive });
    return json<FormReply>({ intent, result: submission.reply(), formError: null, ok: true });
  } catch (e) {
    return formDomainError(e, { locale, intent, submission });
  }
}

/** The password form's answer; `changed` counts the other sessions ended. Passwords never come back in a reply. */
type PasswordReply = FormReply & { changed?: number };

async function changePasswordAction(formData: FormData, user: { id: string; sessionId: string }, locale: Locale) {
  const intent = "password";
  const submission = parseForm(formData, changePasswordSchema);
  const hidden = { hideFields: ["currentPassword", "newPassword", "confirm"] };
  if (submission.status !== "success") {
    return json<PasswordReply>({ intent, result: submission.reply(hidden), formError: translate(locale, "account.form.fixErrors") }, { status: 400 });
  }
  // A stolen session must not become a way to guess the password: the login limit, per user.
  const limited = await consume("loginPerAccount", `password-change:${user.id}`);
  if (limited)
    return json<PasswordReply>({ intent, result: submission.reply(hidden), formError: translate(locale, limited.messageKey, limited.params) }, limited.init);
  try {
    const { sessionsEnded } = await changePassword({
      db: prisma,
      userId: user.id,
      currentSessionId: user.sessionId,
      currentPassword: submission.value.currentPassword,
      newPassword: submission.value.newPassword,
    });
    await reset("loginPerAccount", `password-change:${user.id}`);
    return json<PasswordReply>({ intent, result: submission.reply({ resetForm: true }), formError: null, ok: true, changed: sessionsEnded });
  } catch (e) {
    return domainErrorResponse(e, locale, { intent, result: submission.reply(hidden) });
  }
}

export default function Profile() {
  const { t } = useT();
  const { user, complete, mail } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { form, fields } = useReplyForm("profile", data, "profile", {
    constraint: getZodConstraint(profileSchema),
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
      {data?.intent === "profile" && "ok" in data && data.ok ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800">
          {t("auth.profile.saved")}
        </p>
      ) : null}
      <Form method="post" className="card grid gap-4 sm:grid-cols-2" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="profile" />
        {data?.intent === "profile" && data.formError ? (
          <div className="sm:col-span-2">
            <FormError message={data.formError} />
          </div>
        ) : null}
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
      <MailSettingsForm email={user.email} settings={mail} data={data} />
      <ChangePasswordForm data={data} />
    </div>
  );
}

function ChangePasswordForm({ data }: { data?: SerializeFrom<typeof action> }) {
  const { t } = useT();
  const { form, fields } = useReplyForm("change-password", data, "password", { constraint: getZodConstraint(changePasswordSchema) });
  const reply = data?.intent === "password" ? data : undefined;
  const changed = reply && "changed" in reply && typeof reply.changed === "number" ? reply.changed : undefined;
  return (
    <Form method="post" className="card grid gap-4 sm:grid-cols-2" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="password" />
      <div className="sm:col-span-2">
        <h2 className="h2">{t("account.password.title")}</h2>
        <p className="muted">{t("account.password.intro")}</p>
      </div>
      {changed != null ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800 sm:col-span-2" data-testid="password-changed">
          {t("account.password.changed", { count: changed })}
        </p>
      ) : null}
      {reply?.formError ? (
        <div className="sm:col-span-2">
          <FormError message={reply.formError} />
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

function MailSettingsForm({ email, settings, data }: { email: string; settings: { kind: string; receive: boolean }[]; data?: SerializeFrom<typeof action> }) {
  const { t } = useT();
  const { form } = useReplyForm("mail-settings", data, "mail");
  const reply = data?.intent === "mail" ? data : undefined;
  return (
    <Form method="post" className="card space-y-3" id={form.id} aria-labelledby="mail-settings-title">
      <input type="hidden" name="intent" value="mail" />
      <h2 className="h2" id="mail-settings-title">
        {t("mail.settings.title")}
      </h2>
      <p className="muted">{t("mail.settings.intro", { email })}</p>
      {reply && "ok" in reply && reply.ok ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800">
          {t("mail.settings.saved")}
        </p>
      ) : null}
      {reply?.formError ? <FormError message={reply.formError} /> : null}
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
