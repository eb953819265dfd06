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
