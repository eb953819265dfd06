/**
 * Single-button forms (mark read, accept, connect, resend): no visible field, only a hidden
 * `intent` with a fixed value. Their actions still parse it with Zod through `parseForm`
 * (~/web/form-reply.server), so a forged or malformed post is a 400 with a message, never a 500.
 * Browser-safe; the message is an i18n key.
 */
import { z } from "zod";

/** The fixed `intent` of a button; anything else is refused with "common.form.unknownAction". */
export function buttonIntent<T extends string>(value: T) {
  return z.literal(value, { errorMap: () => ({ message: "common.form.unknownAction" }) });
}

/** The whole schema of a form that is only a button posting `intent=value`. */
export function buttonFormSchema<T extends string>(value: T) {
  return z.object({ intent: buttonIntent(value) });
}
