import { z } from "zod";
import { buttonFormSchema, buttonIntent } from "~/domain/form-intent";
import { ROLES } from "~/utils/permissions";
import { isValidUscc } from "~/domain/registry/uscc";
import { LOCALES } from "~/utils/i18n";

// Messages are i18n keys; forms translate them (see components/forms.tsx).
export const emailSchema = z
  .string({ required_error: "auth.error.emailRequired" })
  .trim()
  .toLowerCase()
  .min(1, "auth.error.emailRequired")
  .max(254, "auth.error.emailInvalid")
  .email("auth.error.emailInvalid");

/** The password rule (10–200 characters); `requiredKey` is what an empty field says. */
const passwordRule = (requiredKey: string) =>
  z.string({ required_error: requiredKey }).min(10, "auth.error.passwordTooShort").max(200, "auth.error.passwordTooLong");

export const passwordSchema = passwordRule("auth.error.passwordRequired");

export const nameSchema = z.string({ required_error: "auth.error.nameRequired" }).trim().min(1, "auth.error.nameRequired").max(100, "auth.error.nameTooLong");

export const signupSchema = z.object({
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
  role: z.enum(["artisan", "licensee"], { errorMap: () => ({ message: "auth.error.roleRequired" }) }),
});

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string({ required_error: "auth.error.passwordRequired" }).min(1, "auth.error.passwordRequired"),
  redirectTo: z.string().optional(),
});

export const profileSchema = z.object({
  name: z.string().trim().min(1, "auth.error.nameRequired").max(100, "auth.error.nameTooLong"),
  locale: z.enum(LOCALES),
  companyName: z.string().trim().max(200).optional(),
  companyUscc: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .refine((v) => !v || isValidUscc(v), "auth.error.usccInvalid"),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .refine((v) => !v || /^[A-Z]{2}$/.test(v), "auth.error.countryInvalid"),
  address: z.string().trim().max(500).optional(),
  phone: z.string().trim().max(40).optional(),
});

export const organizationSchema = z.object({
  kind: z.enum(["studio", "company"]),
  name: z.string().trim().min(1, "auth.error.orgNameRequired").max(200),
  nameEn: z.string().trim().max(200).optional(),
  uscc: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .refine((v) => !v || isValidUscc(v), "auth.error.usccInvalid"),
});

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z
  .object({
    password: passwordSchema,
    confirm: z.string({ required_error: "auth.error.passwordRequired" }),
  })
  .refine((v) => v.password === v.confirm, { message: "account.error.passwordsDiffer", path: ["confirm"] });

export const changePasswordSchema = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string({ required_error: "auth.error.passwordRequired" }).min(1, "auth.error.passwordRequired"),
    newPassword: passwordSchema,
    confirm: z.string({ required_error: "auth.error.passwordRequired" }),
  })
  .refine((v) => v.newPassword === v.confirm, { message: "account.error.passwordsDiffer", path: ["confirm"] });

/** The profile's mail settings: the kinds of mail the user keeps (checked boxes; none checked is none kept). The use-case refuses unknown kinds. */
export const mailSettingsFormSchema = z.object({ receive: z.array(z.string().max(40)).default([]) });

/** Single-button forms of the account pages: only a fixed `intent` (see ~/domain/form-intent). */
export const markNotificationsReadFormSchema = buttonFormSchema("mark-read");
export const acceptInvitationFormSchema = buttonFormSchema("accept");
export const resendVerificationFormSchema = buttonFormSchema("resend");

/** A studio owner invites someone by e-mail (the use-case checks ownership). */
export const inviteMemberFormSchema = z.object({ email: emailSchema });

/** The administrator's user page: create an account (any role), and per row force a password reset or disable/enable. */
const userIdField = z.string({ message: "common.form.unknownAction" }).min(1, "common.form.unknownAction").max(64, "common.form.unknownAction");
export const adminCreateUserFormSchema = z.object({
  intent: buttonIntent("create"),
  name: nameSchema,
  email: emailSchema,
  // The administrator sets another person's first password: "Enter your password" would be the wrong person.
  password: passwordRule("account.admin.passwordRequired"),
  role: z.enum(ROLES, { errorMap: () => ({ message: "account.admin.roleRequired" }) }),
});
export const adminToggleUserFormSchema = z.object({
  intent: buttonIntent("toggle"),
  userId: userIdField,
  disabled: z.enum(["true", "false"], { errorMap: () => ({ message: "common.form.unknownAction" }) }),
});
export const adminForceResetFormSchema = z.object({ intent: buttonIntent("forceReset"), userId: userIdField });
