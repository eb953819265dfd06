/** Pieces shared by the offer, deal and review pages (not a route: flat-routes ignores "__" files). */
import { ErrorList } from "~/components/forms";
import { EXCLUSIVITIES, FIELDS_OF_USE, PRODUCTION_REQUIREMENTS } from "~/domain/licensing/vocabulary";
import { REGION_CODES } from "~/domain/licensing/territories";
import { useT } from "~/utils/use-t";

type Summaries = { zh: string[]; en: string[] };

/** The terms in plain words: the viewer's language first, the other one folded underneath. */
export function TermsSummary({ summaries, testId = "terms-summary" }: { summaries: Summaries; testId?: string }) {
  const { t, locale } = useT();
  const [mine, other] = locale === "en" ? [summaries.en, summaries.zh] : [summaries.zh, summaries.en];
  return (
    <div data-testid={testId}>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        {mine.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <details className="mt-2">
        <summary className="muted cursor-pointer">{t("licensing.ui.otherLanguage")}</summary>
        <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-600" lang={locale === "en" ? "zh-CN" : "en"}>
          {other.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}

const STATUS_COLOURS: Record<string, string> = {
  requested: "bg-amber-100 text-amber-800",
  changes_requested: "bg-amber-100 text-amber-800",
  approved: "bg-sky-100 text-sky-800",
  scheduled: "bg-sky-100 text-sky-800",
  active: "bg-green-100 text-green-800",
  rejected: "bg-rose-100 text-rose-800",
  cancelled: "bg-slate-100 text-slate-700",
  expired: "bg-slate-100 text-slate-700",
  terminated: "bg-rose-100 text-rose-800",
};

export function DealStatus({ status }: { status: string }) {
  const { t } = useT();
  return (
    <span className={`badge ${STATUS_COLOURS[status] ?? "bg-slate-100"}`} data-testid="deal-status" data-status={status}>
      {t(`licensing.deal.state.${status}`)}
    </span>
  );
}

type Errors = Record<string, string[]> | undefined;

type TermsDefaults = {
  exclusivity?: string;
  fields?: string[];
  regions?: string[];
  countries?: string;
  termStart?: string;
  /** The last licensed day (inclusive), as people give it. */
  termLastDay?: string;
  productionRequirement?: string;
};

/**
 * Exclusivity, fields, territory and term inputs. `allowed` limits the choices to what an offer
 * gives (a request may only narrow it).
 */
export function ScopeInputs({
  defaults,
  errors,
  allowed,
}: {
  defaults: TermsDefaults;
  errors: Errors;
  allowed?: { exclusivities: string[]; fields: string[]; regions: string[] };
}) {
  const { t } = useT();
  const exclusivities = allowed ? EXCLUSIVITIES.filter((e) => allowed.exclusivities.includes(e)) : EXCLUSIVITIES;
  const fields = allowed ? FIELDS_OF_USE.filter((f) => allowed.fields.includes(f)) : FIELDS_OF_USE;
  const regions = allowed ? REGION_CODES.filter((r) => allowed.regions.includes(r)) : REGION_CODES;
  return (
    <>
      <fieldset>
        <legend className="label">{t("licensing.form.exclusivity")}</legend>
        <div className="space-y-1">
          {exclusivities.map((e) => (
            <label key={e} className="flex items-start gap-2 text-sm">
              <input type="radio" name="exclusivity" value={e} defaultChecked={defaults.exclusivity === e} className="mt-1" />
              <span>
                <span className="font-medium">{t(`licensing.exclusivity.${e}`)}</span> <span className="muted">{t(`licensing.exclusivity.${e}.hint`)}</span>
              </span>
            </label>
          ))}
        </div>
        <ErrorList errors={errors?.exclusivity} />
      </fieldset>
      <fieldset>
        <legend className="label">{t("licensing.form.fields")}</legend>
        <div className="grid grid-cols-2 gap-1 sm:grid-cols-3">
          {fields.map((f) => (
            <label key={f} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="fields" value={f} defaultChecked={defaults.fields?.includes(f)} />
              {t(`licensing.field.${f}`)}
            </label>
          ))}
        </div>
        <ErrorList errors={errors?.fields} />
      </fieldset>
      <fieldset>
        <legend className="label">{t("licensing.form.territories")}</legend>
        {regions.length ? (
          <div className="grid grid-cols-2 gap-1 sm:grid-cols-3">
            {regions.map((r) => (
              <label key={r} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="regions" value={r} defaultChecked={defaults.regions?.includes(r)} />
                {t(`licensing.region.${r}`)}
              </label>
            ))}
          </div>
        ) : null}
        <ErrorList errors={errors?.regions} />
        <label className="label mt-2" htmlFor="countries">
          {t("licensing.form.countries")}
        </label>
        <input id="countries" name="countries" className="input" defaultValue={defaults.countries ?? ""} placeholder="DE, FR, JP" />
        <p className="muted mt-1">{t("licensing.form.countriesHint")}</p>
        <ErrorList errors={errors?.countries} />
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor="termStart">
            {t("licensing.form.termStart")}
          </label>
          <input id="termStart" name="termStart" type="date" className="input" defaultValue={defaults.termStart} required />
          <ErrorList errors={errors?.termStart} />
        </div>
        <div>
          <label className="label" htmlFor="termLastDay">
            {t("licensing.form.termLastDay")}
          </label>
          <input id="termLastDay" name="termLastDay" type="date" className="input" defaultValue={defaults.termLastDay} required />
          <p className="muted mt-1">{t("licensing.form.termLastDayHint")}</p>
          <ErrorList errors={errors?.termLastDay ?? errors?.termEnd} />
        </div>
      </div>
    </>
  );
}

export function ProductionInput({ defaultValue, errors }: { defaultValue?: string; errors: Errors }) {
  const { t } = useT();
  return (
    <fieldset>
      <legend className="label">{t("licensing.form.production")}</legend>
      {PRODUCTION_REQUIREMENTS.map((p) => (
        <label key={p} className="flex items-center gap-2 text-sm">
          <input type="radio" name="productionRequirement" value={p} defaultChecked={(defaultValue ?? "any") === p} />
          {t(`licensing.production.${p}`)}
        </label>
      ))}
      <ErrorList errors={errors?.productionRequirement} />
    </fieldset>
  );
}

/** The deal's terms card: the terms in plain words, the terms hash when asked, the page's own lines, the licensee's message. */
export function DealTermsCard({
  summaries,
  termsHash,
  message,
  children,
}: {
  summaries: Summaries;
  termsHash?: string | null;
  message?: string | null;
  children?: React.ReactNode;
}) {
  const { t } = useT();
  return (
    <section className="card space-y-3">
      <h2 className="h2">{t("licensing.deal.terms")}</h2>
      <TermsSummary summaries={summaries} />
      {termsHash ? (
        <p className="muted">
          {t("licensing.deal.termsHash")}: <span className="mono">{termsHash}</span>
        </p>
      ) : null}
      {children}
      {message ? <p className="whitespace-pre-line rounded bg-slate-50 p-2 text-sm">{message}</p> : null}
    </section>
  );
}

type PaymentLine = {
  id: string;
  purpose: string;
  status: string;
  method: string;
  amountFen: number;
  feeFen: number | null;
  payoutFen: number | null;
  receivedOn: string | null;
  reportedPaidAt: string | null;
  hasSlip: boolean;
  receipt: boolean;
  payoutMadeOn?: string | null;
  payoutReference?: string | null;
};

/**
 * A deal's payments. `showSplit` adds the exchange centre's fee and the payout (managers and staff);
 * `staff` adds the payment method and the payout record (the officer's page).
 */
export function PaymentsTable({
  reference,
  payments,
  showSplit,
  staff = false,
}: {
  reference: string;
  payments: PaymentLine[];
  showSplit: boolean;
  staff?: boolean;
}) {
  const { t, money, date } = useT();
  return (
    <table className="table">
      <thead>
        <tr>
          <th>{t("licensing.pay.purpose")}</th>
          <th>{t("licensing.pay.amount")}</th>
          {showSplit ? (
            <>
              <th>{t("licensing.pay.fee")}</th>
              <th>{t("licensing.pay.payout")}</th>
            </>
          ) : null}
          <th>{t("licensing.pay.status")}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {payments.map((p) => (
          <tr key={p.id} data-testid="payment-row">
            <td>{t(`licensing.pay.purpose.${p.purpose}`)}</td>
            <td>{money(p.amountFen)}</td>
            {showSplit ? (
              <>
                <td>{p.feeFen !== null ? money(p.feeFen) : "—"}</td>
                <td>{p.payoutFen !== null ? money(p.payoutFen) : "—"}</td>
              </>
            ) : null}
            <td>
              {t(`licensing.pay.status.${p.status}`)}
              {staff ? ` · ${t(`licensing.pay.method.${p.method}`)}` : ""}
              {p.receivedOn ? ` · ${date(p.receivedOn)}` : ""}
              {p.status === "pending" && p.reportedPaidAt ? (
                <div className={staff ? "font-medium text-amber-800" : "text-xs text-amber-800"} data-testid="reported-paid">
                  {t("payments.reported.on", { date: date(p.reportedPaidAt) })}
                </div>
              ) : null}
              {staff && p.payoutMadeOn ? (
                <div className="text-green-800" data-testid="payout-made">
                  {t("payments.payout.madeOn", { date: date(p.payoutMadeOn), reference: p.payoutReference ?? "" })}
                </div>
              ) : null}
            </td>
            <td className="whitespace-nowrap text-sm">
              {p.receipt ? (
                <a href={`/deals/${reference}/receipts/${p.id}.pdf`} className="text-cobalt-600 hover:underline" data-testid="receipt-link">
                  {t("payments.receipt.link")}
                </a>
              ) : null}
              {p.hasSlip ? <SlipLink reference={reference} paymentId={p.id} /> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The bank slip the licensee uploaded for an offline payment (its route checks who may open it). */
export function SlipLink({ reference, paymentId, testId = "slip-link" }: { reference: string; paymentId: string; testId?: string | null }) {
  const { t } = useT();
  return (
    <a href={`/deals/${reference}/slips/${paymentId}`} className="ml-2 text-cobalt-600 hover:underline" data-testid={testId ?? undefined}>
      {t("payments.reported.slipLink")}
    </a>
  );
}
