/**
 * Form schemas of the registry pages (browser-safe: no .server imports). Messages are i18n keys.
 *
 * `workFormSchema` is both the page's Conform schema and the use-cases' validation of `values`:
 * its output parses again to itself, so a route may hand the parsed value straight on.
 */
import { z } from "zod";
import { REJECTION_REASONS, TECHNIQUES, VIEW_KINDS, VISIBILITIES, WORK_CATEGORIES } from "./vocabulary";

export const MAX_VIEWS = 8;
const MAX_AUTHORS = 12;

const text = (max: number) => z.string({ invalid_type_error: "works.form.invalid" }).trim().max(max, "works.form.tooLong").optional().default("");

const millimetres = z
  .number({ invalid_type_error: "works.form.badDimension" })
  .int("works.form.badDimension")
  .min(1, "works.form.badDimension")
  .max(100_000, "works.form.badDimension")
  .optional();

/** YYYY-MM-DD, a real calendar day, not in the future (a day of slack for time zones). */
const isoDaySchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "works.form.badDate")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00.000Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 1000;
  }, "works.form.badDate")
  .refine((s) => new Date(`${s}T00:00:00.000Z`).getTime() <= Date.now() + 86_400_000, "works.form.futureDate");

const authorSchema = z.object({
  name: z.string({ required_error: "works.form.authorNameRequired" }).trim().min(1, "works.form.authorNameRequired").max(100, "works.form.tooLong"),
  nameEn: text(100),
  role: text(60),
});

/** Blank author rows (the page shows a few spare rows) are dropped before validation. */
const authorsSchema = z.preprocess(
  (v) =>
    Array.isArray(v)
      ? v.filter((a) => a && typeof a === "object" && Object.values(a as Record<string, unknown>).some((x) => typeof x === "string" && x.trim() !== ""))
      : v,
  z.array(authorSchema, { required_error: "works.form.authorRequired" }).min(1, "works.form.authorRequired").max(MAX_AUTHORS, "works.form.tooManyAuthors"),
);

export const workFormSchema = z.object({
  titleZh: z.string({ required_error: "works.form.titleRequired" }).trim().min(1, "works.form.titleRequired").max(200, "works.form.tooLong"),
  titleEn: text(200),
  descriptionZh: text(5000),
  descriptionEn: text(5000),
  category: z.enum(WORK_CATEGORIES, { errorMap: () => ({ message: "works.form.categoryRequired" }) }),
  techniques: z
    .array(z.enum(TECHNIQUES, { errorMap: () => ({ message: "works.form.invalid" }) }))
    .max(TECHNIQUES.length)
    .optional()
    .default([])
    .transform((ts) => [...new Set(ts)]),
  heightMm: millimetres,
  widthMm: millimetres,
  depthMm: millimetres,
  creationDate: isoDaySchema.optional(),
  authors: authorsSchema,
  /** "self" or the id of an organization the user is a member of (checked by the use-case). */
  owner: z.string().trim().min(1).max(64).optional().default("self"),
  visibility: z
    .enum(VISIBILITIES, { errorMap: () => ({ message: "works.form.invalid" }) })
    .optional()
    .default("public"),
});

export type WorkFormValues = z.output<typeof workFormSchema>;
export type WorkFormInput = z.input<typeof workFormSchema>;

/** Form field name of the file input for a view kind (several files per kind allowed). */
export const viewFileField = (kind: (typeof VIEW_KINDS)[number]) => `file_${kind}`;

/** The officer's decision forms on the examination page: register (a button), reject or ask for changes. */
export const decisionSchema = z
  .object({
    intent: z.enum(["register", "reject", "changes"], { errorMap: () => ({ message: "common.form.unknownAction" }) }),
    reason: z.enum(REJECTION_REASONS, { errorMap: () => ({ message: "works.form.reasonRequired" }) }).optional(),
    note: z.string().trim().max(2000, "works.form.tooLong").optional().default(""),
  })
  .superRefine((v, ctx) => {
    if (v.intent === "register") return;
    if (!v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "works.form.reasonRequired" });
    if (v.reason === "other" && !v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "works.form.noteRequired" });
  });

/** The examination queue's bulk decision on imported works (one reason for all the rejected ones; the use-case requires it). */
export const bulkDecisionSchema = z.object({
  intent: z.enum(["bulk-register", "bulk-reject"], { errorMap: () => ({ message: "common.form.unknownAction" }) }),
  workId: z
    .array(z.string().min(1, "examination.bulk.badForm").max(64, "examination.bulk.badForm"), { message: "examination.bulk.badForm" })
    .max(1000, "examination.bulk.badForm")
    .default([]),
  reason: z.enum(REJECTION_REASONS, { errorMap: () => ({ message: "works.form.reasonRequired" }) }).optional(),
  note: z.string().trim().max(2000, "works.form.tooLong").optional().default(""),
});

/** The buttons of the owner's work page: submit for examination, delete the draft. */
export const myWorkActionFormSchema = z.object({
  intent: z.enum(["submit", "delete"], { errorMap: () => ({ message: "common.form.unknownAction" }) }),
});

/**
 * The catalog import's text field (the CSV and the photos are files, read and checked by the route
 * while the upload streams). "self" or a studio id; the use-case checks the membership.
 */
export const importCatalogFormSchema = z.object({
  owner: z.string().trim().min(1).max(64, "works.form.invalid").optional().default("self"),
});

/** The input of the import form an import refusal is about (the CSV file), if any. */
export function importFieldOf(messageKey: string): string | undefined {
  return messageKey === "catalog.import.error.notCsv" || messageKey === "catalog.import.error.csvTooLarge" ? "csv" : undefined;
}

/** What the officer wrote, as stored in Work.decisionReason (JSON). */
export type DecisionReason = {
  kind: "rejected" | "changes_requested";
  reason: (typeof REJECTION_REASONS)[number];
  note: string;
  params: Record<string, string>;
};

export function parseDecisionReason(raw: string | null | undefined): DecisionReason | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as DecisionReason;
    if (v && typeof v === "object" && (REJECTION_REASONS as readonly string[]).includes(v.reason)) {
      return { kind: v.kind, reason: v.reason, note: String(v.note ?? ""), params: v.params ?? {} };
    }
  } catch {
    // Older free-text reasons are shown as the note.
  }
  return { kind: "rejected", reason: "other", note: raw, params: {} };
}
