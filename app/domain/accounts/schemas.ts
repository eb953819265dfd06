import { z } from "zod";

// Messages are i18n keys; forms translate them (see components/forms.tsx).
export const emailSchema = z
  .string({ required_error: "auth.error.emailRequired" })
  .trim()
  .toLowerCase()
  .min(1, "auth.error.emailRequired")
  .max(254, "auth.error.emailInvalid")
  .email("auth.error.emailInvalid");

export const passwordSchema = z
  .string({ required_error: "auth.error.passwordRequired" })
  .min(10, "auth.error.passwordTooShort")
  .max(200, "auth.error.passwordTooLong");

export const nameSchema = z
  .string({ required_error: "auth.error.nameRequired" })
  .trim()
  .min(1, "auth.error.nameRequired")
  .max(100, "auth.error.nameTooLong");

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
