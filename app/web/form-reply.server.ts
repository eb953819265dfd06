/**
 * The one form style of the pages' actions: Conform + Zod. `parseForm` reads the submission with
 * the form's Zod schema (messages are i18n keys, translated by the page's ErrorList); a failure
 * answers 400 with Conform's reply and a "please fix the marked fields" line in the reader's
 * language. A DomainError from the use-case goes through the one mapper (domainErrorResponse),
 * optionally shown under the field it concerns. Pages read the reply with `useReplyForm`
 * (~/components/forms).
 */
import type { Submission, SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json } from "@remix-run/node";
import type { z } from "zod";
import { isDomainError } from "~/domain/errors";
import { translate, type Locale } from "~/utils/i18n";
import { domainErrorResponse } from "~/utils/route-helpers.server";

/** What a form action answers when it does not redirect. `intent` tells the page which of its forms it is for. */
export type FormReply = { intent: string; result: SubmissionResult<string[]> | null; formError: string | null; code?: string; ok?: boolean };

export function parseForm<Schema extends z.ZodTypeAny>(formData: FormData, schema: Schema) {
  return parseWithZod(formData, { schema });
}

/** 400 with each field's errors and the summary line `messageKey` above the form. `hideFields` (passwords) never come back in the reply. */
export function invalidForm(
  submission: Submission<unknown, string[]>,
  { locale, intent = "", messageKey, hideFields }: { locale: Locale; intent?: string; messageKey: string; hideFields?: string[] },
) {
  return json<FormReply>(
    { intent, result: submission.reply(hideFields ? { hideFields } : undefined), formError: translate(locale, messageKey) },
    { status: 400 },
  );
}

/**
 * A DomainError as the form's answer, through the one mapper. With `field`, the message also sits
 * under that input and the summary line is `fieldMessageKey`; anything else is rethrown.
 */
export function formDomainError(
  error: unknown,
  {
    locale,
    intent = "",
    submission,
    fieldOf,
    fieldMessageKey,
  }: {
    locale: Locale;
    intent?: string;
    submission?: Submission<unknown, string[]>;
    /** The input a given error message belongs to, if any. */
    fieldOf?: (messageKey: string) => string | undefined;
    fieldMessageKey?: string;
  },
) {
  const field = isDomainError(error) ? fieldOf?.(error.messageKey) : undefined;
  if (isDomainError(error) && field && fieldMessageKey) {
    const fieldErrors = { [field]: [translate(locale, error.messageKey, error.params)] };
    const result: SubmissionResult<string[]> = submission ? submission.reply({ fieldErrors }) : { status: "error", error: fieldErrors };
    return json<FormReply>({ intent, result, formError: translate(locale, fieldMessageKey), code: error.code }, { status: error.status });
  }
  return domainErrorResponse<Omit<FormReply, "formError" | "code">>(error, locale, { intent, result: submission?.reply() ?? null });
}
