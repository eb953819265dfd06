/**
 * Form schemas of the licensing pages (browser-safe: no .server imports). Inputs are what people
 * type — yuan, percent, "FR, DE" — and each schema turns them into machine terms. Messages are
 * i18n keys. Pages parse them with Conform (~/web/form-reply.server), which hands an empty input
 * over as undefined: a required text names its message for that case too.
 */
import { z } from "zod";
import { EXCLUSIVITIES, FIELDS_OF_USE, PRODUCTION_REQUIREMENTS } from "./vocabulary";
import { isCountryCode, isRegionCode } from "./territories";
import { licenseTermsSchema, parseIsoDay, type LicenseTerms } from "./terms";
import { DAY_MS, isoDay } from "./iso-day";
import { parsePercentToBps, parseYuanToFen } from "./money-input";
import { buttonFormSchema } from "~/domain/form-intent";

const yuan = (required: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        if (required) ctx.addIssue({ code: "custom", message: "licensing.form.amountRequired" });
        return 0;
      }
      const fen = parseYuanToFen(v);
      if (fen === null) {
        ctx.addIssue({ code: "custom", message: "licensing.form.badYuan" });
        return 0;
      }
      return fen;
    });

const percent = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return 0;
    const bps = parsePercentToBps(v);
    if (bps === null) {
      ctx.addIssue({ code: "custom", message: "licensing.form.badPercent" });
      return 0;
    }
    return bps;
  });

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "1");

const day = z
  .string({ message: "licensing.error.badDate" })
  .trim()
  .refine((s) => parseIsoDay(s) !== null, { message: "licensing.error.badDate" });
/**
 * People give the last day a licence covers (inclusive), as documents print it; terms store the
 * exclusive end (the first day no longer licensed), so the input is shifted by one day here only.
 */
const lastDayInput = day.transform((s) => isoDay(parseIsoDay(s)! + DAY_MS));

/** Region checkboxes plus free-typed ISO country codes ("FR, de jp"). */
const territoryInputs = {
  regions: z.array(z.string().refine(isRegionCode, { message: "licensing.error.badTerritory" })),
  countries: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .toUpperCase()
        .split(/[\s,，;、]+/)
        .filter(Boolean),
    )
    .refine((codes) => codes.every(isCountryCode), { message: "licensing.form.badCountries" }),
};

/** Maps the terms schema's issue paths back to the form's input names. */
const TERM_PATH_TO_INPUT: Partial<Record<keyof LicenseTerms, string>> = {
  territories: "regions",
  upfrontFeeFen: "upfrontFee",
  royaltyBps: "royaltyPercent",
  minimumGuaranteeFen: "minimumGuarantee",
  termEnd: "termLastDay",
};

function checkTerms(terms: LicenseTerms, ctx: z.RefinementCtx) {
  const r = licenseTermsSchema.safeParse(terms);
  if (r.success) return;
  for (const issue of r.error.issues) {
    const p = issue.path[0] as keyof LicenseTerms;
    ctx.addIssue({
      code: "custom",
      path: [TERM_PATH_TO_INPUT[p] ?? p],
      message: issue.message.startsWith("licensing.") ? issue.message : "licensing.error.badTerms",
    });
  }
}

export const offerFormSchema = z
  .object({
    workId: z.string({ message: "licensing.form.workRequired" }).min(1, "licensing.form.workRequired"),
    exclusivity: z.enum(EXCLUSIVITIES, { errorMap: () => ({ message: "licensing.form.exclusivityRequired" }) }),
    fields: z.array(z.enum(FIELDS_OF_USE)).min(1, "licensing.error.noFields"),
    ...territoryInputs,
    productionRequirement: z.enum(PRODUCTION_REQUIREMENTS).default("any"),
    termStart: day,
    termLastDay: lastDayInput,
    upfrontFee: yuan(true),
    royaltyPercent: percent,
    minimumGuarantee: yuan(false),
    sublicensing: checkbox,
    attribution: checkbox,
    modifications: checkbox,
    notes: z.string().trim().max(2000, "licensing.form.tooLong").optional().default(""),
  })
  .transform((v) => ({
    workId: v.workId,
    notes: v.notes,
    terms: {
      exclusivity: v.exclusivity,
      fields: v.fields,
      territories: [...v.regions, ...v.countries],
      productionRequirement: v.productionRequirement,
      termStart: v.termStart,
      termEnd: v.termLastDay,
      upfrontFeeFen: v.upfrontFee,
      royaltyBps: v.royaltyPercent,
      minimumGuaranteeFen: v.minimumGuarantee,
      sublicensing: v.sublicensing,
      attribution: v.attribution,
      modifications: v.modifications,
    } satisfies LicenseTerms,
  }))
  .superRefine((v, ctx) => checkTerms(v.terms, ctx));

/**
 * What a licensee may choose in a request: exclusivity, fields, territory and term — each at most
 * what the offer gives. Money and obligations are the offer's (see requestTermsFromOffer).
 */
export const dealRequestFormSchema = z.object({
  exclusivity: z.enum(EXCLUSIVITIES, { errorMap: () => ({ message: "licensing.form.exclusivityRequired" }) }),
  fields: z.array(z.enum(FIELDS_OF_USE)).min(1, "licensing.error.noFields"),
  ...territoryInputs,
  termStart: day,
  termLastDay: lastDayInput,
  message: z.string().trim().max(2000, "licensing.form.tooLong").optional().default(""),
});
type DealRequestForm = z.infer<typeof dealRequestFormSchema>;

/** The full terms a request asks for: the licensee's choices on top of the offer's money and duties. */
export function requestTermsFromOffer(offer: LicenseTerms, form: DealRequestForm): LicenseTerms {
  return {
    ...offer,
    exclusivity: form.exclusivity,
    fields: form.fields,
    territories: [...form.regions, ...form.countries],
    termStart: form.termStart,
    termEnd: form.termLastDay,
  };
}

export const reasonSchema = z.object({
  reason: z.string({ message: "licensing.form.reasonRequired" }).trim().min(1, "licensing.form.reasonRequired").max(2000, "licensing.form.tooLong"),
});

export const offlinePaymentSchema = z.object({
  paymentId: z.string().min(1),
  amount: yuan(true),
  receivedOn: day,
});

/** An officer records that the exchange center paid a bank transfer's net on to the artisan. */
export const payoutMadeSchema = z.object({
  paymentId: z.string().min(1),
  payoutMadeOn: day,
  payoutReference: z
    .string({ message: "payments.error.payoutReferenceMissing" })
    .trim()
    .min(1, "payments.error.payoutReferenceMissing")
    .max(100, "payments.error.payoutReferenceTooLong"),
});

export const royaltyReportSchema = z.object({
  periodStart: day,
  units: z
    .string({ message: "licensing.form.badUnits" })
    .trim()
    .regex(/^\d{1,12}$/, "licensing.form.badUnits")
    .transform((v) => Number(v)),
  netSales: yuan(true),
});

/** Query string of /offers. Unknown values are dropped rather than refused: it is a browse page. */
export const offerFilterSchema = z.object({
  field: z.enum(FIELDS_OF_USE).optional().catch(undefined),
  territory: z
    .string()
    .optional()
    .transform((v) => (v ? (isRegionCode(v) ? v : v.toUpperCase()) : undefined))
    .refine((v) => !v || isRegionCode(v) || isCountryCode(v))
    .catch(undefined),
  exclusivity: z.enum(EXCLUSIVITIES).optional().catch(undefined),
  technique: z.string().max(40).optional().catch(undefined),
  minPrice: z
    .string()
    .optional()
    .transform((v) => (v ? (parseYuanToFen(v) ?? undefined) : undefined))
    .catch(undefined),
  maxPrice: z
    .string()
    .optional()
    .transform((v) => (v ? (parseYuanToFen(v) ?? undefined) : undefined))
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type OfferFilter = z.infer<typeof offerFilterSchema>;

/** The payout-account page's button (start or continue Stripe onboarding): only a fixed `intent`. */
export const connectFormSchema = buttonFormSchema("connect");
