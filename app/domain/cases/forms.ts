/** Zod schemas of the case forms (shared by routes and components; messages are i18n keys). */
import { z } from "zod";
import { CASE_PARTIES, RESOLUTIONS } from "./case-state";
import { PLATFORMS, REPORTER_STANDINGS } from "./platforms";

/** Files per report or evidence upload (client-safe: the forms show it). */
export const MAX_EVIDENCE_FILES = 10;

// Conform hands an empty input over as undefined: optional text defaults to "".
const optionalUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => s === "" || /^https?:\/\/[^\s]+$/i.test(s), { message: "cases.form.urlInvalid" })
  .default("");

export const sendCodeFormSchema = z.object({ email: z.string({ message: "cases.form.emailInvalid" }).trim().max(254).email("cases.form.emailInvalid") });

export const reportFormSchema = z.object({
  platform: z.enum(PLATFORMS, { message: "cases.form.platformRequired" }),
  url: optionalUrl,
  sellerId: z.string().trim().max(200).default(""),
  description: z.string({ message: "cases.form.descriptionLength" }).trim().min(10, "cases.form.descriptionLength").max(5000, "cases.form.descriptionLength"),
  standing: z.enum(REPORTER_STANDINGS, { message: "cases.form.standingRequired" }),
  works: z.array(z.string().trim().max(40)).max(10, "cases.error.tooManyWorks"),
  email: z.string().trim().max(254).email("cases.form.emailInvalid").or(z.literal("")).default(""),
  name: z.string().trim().max(120).default(""),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "cases.form.codeFormat")
    .or(z.literal(""))
    .default(""),
});

export const reasonSchema = z
  .string({ message: "cases.form.reasonRequired" })
  .trim()
  .min(2, "cases.form.reasonRequired")
  .max(4000, "cases.form.reasonRequired");

export const officerTransitionFormSchema = z.object({
  type: z.enum(["triage", "investigate", "request_info", "start_mediation", "resolve", "reopen"]),
  resolution: z.enum(RESOLUTIONS).optional(),
  from: z.enum(CASE_PARTIES).optional(),
  reason: reasonSchema,
});

export const noticeFormSchema = z.object({
  platform: z.enum(PLATFORMS),
  sentTo: z.string().trim().max(300).default(""),
  reason: reasonSchema,
});

/** A message, answer or note on a case (the use-cases check the same length, MAX_MESSAGE). */
const messageBody = z.string({ message: "cases.form.messageRequired" }).trim().min(1, "cases.form.messageRequired").max(4000, "cases.form.messageRequired");

/** The case page's forms (the parties' side). Files are read apart: the use-case refuses none. */
export const caseMessageFormSchema = z.object({ body: messageBody });
export const caseReasonFormSchema = z.object({ reason: reasonSchema });
export const caseEvidenceFormSchema = z.object({ description: z.string().trim().max(1000).default("") });
export const caseAnswerFormSchema = z.object({ body: messageBody, licenseNumber: z.string().trim().max(40).default("") });

/** The first message of a refused case form when it is a case message (shown above the form), else `fallback`. */
export function caseFormMessage(error: Record<string, string[] | null> | null | undefined, fallback = "cases.form.fixErrors") {
  const first = Object.values(error ?? {}).flatMap((e) => e ?? [])[0];
  return first?.startsWith("cases.") ? first : fallback;
}

/** The input a case use-case's refusal is about, so the page shows it under that input. */
export function caseFieldOf(messageKey: string): string | undefined {
  if (messageKey === "cases.form.messageLength") return "body";
  if (messageKey === "cases.form.reasonRequired") return "reason";
  if (messageKey === "cases.error.noFiles") return "files";
  return undefined;
}
