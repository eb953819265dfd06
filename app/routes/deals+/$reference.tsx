import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isMultipart, readMultipart, readPageForm } from "~/utils/request-body.server";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorList, FormError, useReplyForm } from "~/components/forms";
import { cancelDeal } from "~/domain/licensing/cancel-deal.server";
import { termsOfRow } from "~/domain/licensing/deal-access.server";
import { dealPageView, findDealForViewer } from "~/domain/licensing/deal-page.server";
import { fileRoyaltyReport } from "~/domain/licensing/file-royalty-report.server";
import { dealRequestFormSchema, requestTermsFromOffer, royaltyReportSchema } from "~/domain/licensing/forms";
import { resubmitDeal } from "~/domain/licensing/resubmit-deal.server";
import { startCheckout } from "~/domain/payments/start-checkout.server";
import type { BankDetails } from "~/domain/payments/bank-details.server";
import type { PayoutStatus } from "~/domain/payments/payout";
import { reportPaymentSent } from "~/domain/payments/report-payment-sent.server";
import { MAX_SLIP_BYTES } from "~/domain/payments/slip-rules";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { formDomainError, invalidForm, parseForm, type FormReply } from "~/web/form-reply.server";
import { DealStatus, DealTermsCard, PaymentsTable, ScopeInputs } from "~/routes/deals+/__license-ui";
import { DealNextStepBox } from "~/routes/deals+/__next-step";
import { EmptyState } from "~/components/list-ui";

export const meta: MetaFunction = ({ params, matches }) => [...pageTitle(matches, "titles.deal", { reference: params.reference ?? "" })];

async function loadDeal(request: Request, reference: string) {
  const user = await requireUser(request);
  const viewed = await findDealForViewer({ db: prisma, reference, viewer: user });
  // Strangers get the same 404 as a missing deal: references are not to be probed.
  invariantResponse(viewed, "Not Found", 404);
  return { user, viewed };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewed } = await loadDeal(request, params.reference!);
  return json(await dealPageView({ db: prisma, env: getEnv(), viewed }));
}

/** "I have paid" carries an optional slip (multipart); every other form is a small text form. */
async function readDealForm(request: Request): Promise<FormData> {
  if (!isMultipart(request)) return readPageForm(request);
  return readMultipart(request, { maxFiles: 1, maxFileBytes: MAX_SLIP_BYTES, maxParts: 8 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const {
    user,
    viewed: { deal, isLicensee },
  } = await loadDeal(request, params.reference!);
  const { t, locale } = await getT(request, user);
  // Every intent here is the licensee's; the use-cases check permission and ownership again.
  if (!isLicensee) throw new Response("Forbidden", { status: 403 });
  let intent = "";
  try {
    const form = await readDealForm(request);
    intent = String(form.get("intent") ?? "");
    if (intent === "paid") {
      const file = form.get("slip");
      const slip = file instanceof File && file.size > 0 ? { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } : null;
      await reportPaymentSent({ db: prisma, actorId: user.id, paymentId: String(form.get("paymentId") ?? ""), slip });
      return redirect(`/deals/${deal.reference}#payments`);
    }
    if (intent === "pay") {
      const checkout = await startCheckout({
        db: prisma,
        env: getEnv(),
        actorId: user.id,
        paymentId: String(form.get("paymentId") ?? ""),
        origin: getEnv().PUBLIC_URL ?? new URL(request.url).origin,
        locale,
      });
      return redirect(checkout.url);
    }
    if (intent === "cancel") {
      await cancelDeal({ db: prisma, actorId: user.id, dealId: deal.id });
      return redirect(`/deals/${deal.reference}`);
    }
    if (intent === "resubmit") {
      const submission = parseForm(form, dealRequestFormSchema);
      if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: "licensing.form.fixErrors" });
      await resubmitDeal({
        db: prisma,
        actorId: user.id,
        dealId: deal.id,
        terms: requestTermsFromOffer(termsOfRow(deal.offer), submission.value),
        message: submission.value.message,
      });
      return redirect(`/deals/${deal.reference}`);
    }
    if (intent === "royalty") {
      const submission = parseForm(form, royaltyReportSchema);
      if (submission.status !== "success") return invalidForm(submission, { locale, intent, messageKey: "licensing.form.fixErrors" });
      const { periodStart, units, netSales } = submission.value;
      await fileRoyaltyReport({ db: prisma, actorId: user.id, dealId: deal.id, periodStart, units, netSalesFen: netSales });
      return redirect(`/deals/${deal.reference}#royalties`);
    }
    return json<FormReply>({ intent, result: null, formError: t("licensing.error.unknownAction") }, { status: 400 });
  } catch (e) {
    return formDomainError(e, { locale, intent });
  }
}

function BankTransfer({ amountFen, reference, bank }: { amountFen: number; reference: string; bank: BankDetails | null }) {
  const { t, money } = useT();
  if (!bank) {
    return (
      <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="instructions-follow">
        {t("payments.instructionsFollow")} {t("licensing.pay.amount")}: <span className="font-semibold">{money(amountFen)}</span> ·{" "}
        {t("licensing.pay.reference")}: <span className="mono font-semibold">{reference}</span>
      </p>
    );
  }
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="bank-instructions">
      <div className="font-medium">{t("licensing.pay.bankTitle")}</div>
      {/* On a phone each label sits above its value: values this long do not fit beside a label. */}
      <dl className="mt-2 grid grid-cols-1 sm:grid-cols-[auto,1fr] sm:items-baseline sm:gap-x-3 sm:gap-y-1">
        <dt className="muted text-xs sm:text-sm">{t("licensing.pay.accountName")}</dt>
        <dd className="mb-2 sm:mb-0">{bank.accountName}</dd>
        <dt className="muted text-xs sm:text-sm">{t("licensing.pay.bankName")}</dt>
        <dd className="mb-2 sm:mb-0">{bank.bankName}</dd>
        <dt className="muted text-xs sm:text-sm">{t("licensing.pay.accountNumber")}</dt>
        <dd className="mono mb-2 select-all break-all text-base sm:mb-0" data-testid="bank-account-number">
          {bank.accountNumber}
        </dd>
        <dt className="muted text-xs sm:text-sm">{t("licensing.pay.amount")}</dt>
        <dd className="mb-2 text-base font-semibold sm:mb-0">{money(amountFen)}</dd>
        <dt className="muted text-xs sm:text-sm">{t("licensing.pay.reference")}</dt>
        <dd className="mono select-all break-all text-base font-semibold">{reference}</dd>
      </dl>
      <p className="muted mt-1">{t("licensing.pay.bankNote")}</p>
    </div>
  );
}

const MAX_SLIP_MB = MAX_SLIP_BYTES / 1024 / 1024;

export default function DealPage() {
  const { t, locale, money, date } = useT();
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const resubmit = useReplyForm("resubmit-form", data, "resubmit");
  const royalty = useReplyForm("royalty-form", data, "royalty");
  const nav = useNavigation();
  const [params] = useSearchParams();
  const w = d.work;
  const pending = d.payments.filter((p) => p.status === "pending");
  const canPayOnline = d.online && d.payeeConnected;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="muted">{t("licensing.deal.eyebrow")}</p>
          <h1 className="h1 mono !text-2xl" data-testid="deal-reference">
            {d.deal.reference}
          </h1>
          <p className="text-sm">
            {w.sealed ? t("licensing.work.sealedTitle") : (locale === "en" && w.titleEn) || w.titleZh} ·{" "}
            <Link to={`/offers/${d.offerId}`} className="text-cobalt-600 hover:underline">
              {t("licensing.deal.offerLink")}
            </Link>
          </p>
        </div>
        <DealStatus status={d.deal.standing} />
      </div>
      {d.deal.waitingDispute ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900" data-testid="waiting-dispute">
          {t("licensing.deal.waitingDispute")}
        </p>
      ) : null}
      {params.get("paid") ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800">
          {t("licensing.pay.returned")}
        </p>
      ) : null}
      {d.nextStep ? <DealNextStepBox step={d.nextStep} /> : null}
      <FormError message={data?.formError} />

      {d.deal.reviewReason && ["changes_requested", "rejected"].includes(d.deal.status) ? (
        <div className="card border-amber-300" data-testid="review-reason">
          <div className="font-medium">{t("licensing.deal.reviewReason")}</div>
          <p className="whitespace-pre-line text-sm">{d.deal.reviewReason}</p>
        </div>
      ) : null}

      {d.deal.licenseNumber ? (
        <section className="card space-y-2" data-testid="license-box">
          <h2 className="h2">{t("licensing.deal.license")}</h2>
          <p className="mono text-base" data-testid="license-number">
            {d.deal.licenseNumber}
          </p>
          {d.deal.endReason && d.deal.status === "terminated" ? (
            <p className="text-sm text-rouge-500">{t("licensing.deal.terminatedBecause", { reason: d.deal.endReason })}</p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Link to={`/verify/license/${d.deal.licenseNumber}`} className="btn-secondary">
              {t("licensing.deal.verifyLink")}
            </Link>
            {d.hasCertificate ? (
              <>
                <a href={`/deals/${d.deal.reference}/license.pdf`} className="btn-primary" data-testid="license-pdf">
                  {t("licensing.deal.certificate")}
                </a>
                <a href={`/deals/${d.deal.reference}/license.json`} className="btn-secondary" data-testid="license-json">
                  {t("licensing.deal.certificateJson")}
                </a>
              </>
            ) : null}
          </div>
          {d.deal.termsHash ? (
            <p className="muted">
              {t("licensing.deal.termsHash")}: <span className="mono">{d.deal.termsHash}</span>
            </p>
          ) : null}
        </section>
      ) : null}

      <DealTermsCard summaries={d.summaries} message={d.deal.message}>
        <p className="muted">
          {t("licensing.deal.licensee")}: {d.deal.company.companyName ?? "—"} · {d.deal.company.country ?? ""} · {d.deal.company.address ?? ""}
        </p>
      </DealTermsCard>

      {d.payments.length ? (
        <section className="card space-y-3" data-testid="payments" id="payments">
          <h2 className="h2">{t("licensing.pay.title")}</h2>
          <PaymentsTable reference={d.deal.reference} payments={d.payments} showSplit={d.isManager || !d.isLicensee} />
          {pending.length && d.online && !d.payeeConnected ? (
            <p className="rounded bg-amber-50 p-2 text-sm text-amber-800" data-testid="not-connected">
              {t("licensing.pay.notConnected")}
            </p>
          ) : null}
          {d.isLicensee ? (
            pending.map((p) => (
              <div key={p.id} className="space-y-2">
                {canPayOnline ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="pay" />
                    <input type="hidden" name="paymentId" value={p.id} />
                    <button type="submit" className="btn-primary" data-testid="pay-now" disabled={nav.state !== "idle"}>
                      {t("licensing.pay.payNow", { amount: money(p.amountFen) })}
                    </button>
                    <p className="muted mt-1">{t("licensing.pay.methods")}</p>
                  </Form>
                ) : null}
                {/* Bank transfer is always possible; it is the only way when Stripe cannot be used. */}
                <details open={!canPayOnline}>
                  <summary className="muted cursor-pointer">{t("licensing.pay.offlineOption")}</summary>
                  <BankTransfer amountFen={p.amountFen} reference={d.deal.reference} bank={d.bank} />
                </details>
                {p.reportedPaidAt ? (
                  <p className="rounded bg-amber-50 p-2 text-sm text-amber-900" data-testid="paid-waiting">
                    {t("payments.reported.waiting", { date: date(p.reportedPaidAt) })}
                  </p>
                ) : (
                  <Form method="post" encType="multipart/form-data" className="space-y-2 rounded-md border border-slate-200 p-3" data-testid="mark-paid-form">
                    <div className="font-medium text-sm">{t("payments.reported.title")}</div>
                    <input type="hidden" name="intent" value="paid" />
                    <input type="hidden" name="paymentId" value={p.id} />
                    <label className="label" htmlFor={`slip-${p.id}`}>
                      {t("payments.reported.slip", { maxMb: MAX_SLIP_MB })}
                    </label>
                    <input id={`slip-${p.id}`} name="slip" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" className="block text-sm" />
                    <p className="muted">{t("payments.reported.note")}</p>
                    <button type="submit" className="btn-secondary" data-testid="mark-paid" disabled={nav.state !== "idle"}>
                      {t("payments.reported.button")}
                    </button>
                  </Form>
                )}
              </div>
            ))
          ) : pending.length ? (
            <p className="muted">{t("licensing.pay.awaiting")}</p>
          ) : null}
        </section>
      ) : null}

      {d.payout && d.payout.lines.length ? (
        <section className="card space-y-3" data-testid="payout-statement">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="h2">{t("payments.payout.title")}</h2>
            <a href={`/deals/${d.deal.reference}/payout-statement.pdf`} className="btn-secondary" data-testid="payout-pdf">
              {t("payments.payout.pdf")}
            </a>
          </div>
          <p className="muted">{t("payments.payout.intro")}</p>
          {/* One block per payment rather than a five-column table: readable on a phone as on a desk. */}
          <ul className="space-y-2">
            {d.payout.lines.map((l) => (
              <li
                key={l.id}
                className="rounded-md border border-slate-200 p-3"
                data-testid="payout-row"
                data-status={l.status}
                data-gross-fen={l.grossFen}
                data-fee-fen={l.feeFen}
                data-net-fen={l.netFen}
              >
                <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                  <span className="font-medium">
                    {t(`licensing.pay.purpose.${l.purpose}`)}
                    {l.receivedOn ? ` · ${date(l.receivedOn)}` : ""}
                  </span>
                  <span
                    className={`badge ${l.status === "paid" || l.status === "transferred" ? "bg-green-100 text-green-800" : l.status === "due" ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-700"}`}
                  >
                    {t(`payments.payout.status.${l.status as PayoutStatus}`)}
                  </span>
                </div>
                <dl className="mt-2 grid grid-cols-3 gap-2 text-sm">
                  <div>
                    <dt className="muted text-xs">{t("payments.payout.gross")}</dt>
                    <dd>{money(l.grossFen)}</dd>
                  </div>
                  <div>
                    <dt className="muted text-xs">{t("payments.payout.fee")}</dt>
                    <dd>{money(l.feeFen)}</dd>
                  </div>
                  <div>
                    <dt className="muted text-xs">{t("payments.payout.net")}</dt>
                    <dd className="font-semibold">{money(l.netFen)}</dd>
                  </div>
                </dl>
                {l.payoutMadeOn ? (
                  <p className="mt-1 text-sm text-green-800 [overflow-wrap:anywhere]" data-testid="payout-made">
                    {t("payments.payout.madeOn", { date: date(l.payoutMadeOn), reference: l.payoutReference ?? "" })}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          <dl className="grid grid-cols-3 gap-2 border-t border-slate-200 px-3 pt-2 text-sm font-semibold" data-testid="payout-total">
            <div>
              <dt className="muted text-xs font-normal">
                {t("payments.payout.total")} · {t("payments.payout.gross")}
              </dt>
              <dd>{money(d.payout.totals.grossFen)}</dd>
            </div>
            <div>
              <dt className="muted text-xs font-normal">{t("payments.payout.fee")}</dt>
              <dd>{money(d.payout.totals.feeFen)}</dd>
            </div>
            <div>
              <dt className="muted text-xs font-normal">{t("payments.payout.net")}</dt>
              <dd>{money(d.payout.totals.netFen)}</dd>
            </div>
          </dl>
        </section>
      ) : null}

      {d.isLicensee && d.deal.status === "changes_requested" ? (
        <section className="card space-y-3">
          <h2 className="h2">{t("licensing.deal.editRequest")}</h2>
          <Form method="post" className="space-y-4" id={resubmit.form.id}>
            <input type="hidden" name="intent" value="resubmit" />
            <ScopeInputs defaults={d.defaults} errors={resubmit.errors} allowed={d.allowed} />
            <div>
              <label className="label" htmlFor="message">
                {t("licensing.request.message")}
              </label>
              <textarea id="message" name="message" className="input min-h-20" defaultValue={d.deal.message} maxLength={2000} />
            </div>
            <button type="submit" className="btn-primary">
              {t("licensing.deal.action.resubmit")}
            </button>
          </Form>
        </section>
      ) : null}

      {d.royalty ? (
        <section className="card space-y-3" id="royalties" data-testid="royalties">
          <h2 className="h2">{t("licensing.royalty.title")}</h2>
          {d.royalty.reports.length ? (
            <table className="table">
              <thead>
                <tr>
                  <th>{t("licensing.royalty.period")}</th>
                  <th>{t("licensing.royalty.units")}</th>
                  <th>{t("licensing.royalty.netSales")}</th>
                  <th>{t("licensing.royalty.due")}</th>
                  <th>{t("licensing.royalty.topUp")}</th>
                  <th>{t("licensing.pay.status")}</th>
                </tr>
              </thead>
              <tbody>
                {d.royalty.reports.map((r) => (
                  <tr key={r.id} data-testid="royalty-row">
                    <td className="whitespace-nowrap">
                      {r.periodStart} – {r.periodEnd}
                    </td>
                    <td>{r.units}</td>
                    <td>{money(r.netSalesFen)}</td>
                    <td>{money(r.royaltyDueFen)}</td>
                    <td>{r.topUpFen ? money(r.topUpFen) : "—"}</td>
                    <td>{t(`licensing.royalty.status.${r.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <EmptyState plain>{t("licensing.royalty.none")}</EmptyState>
          )}
          {d.isLicensee && d.royalty.nextPeriod ? (
            d.royalty.nextPeriod.ended ? (
              <Form method="post" className="grid gap-3 sm:grid-cols-4" id={royalty.form.id}>
                <input type="hidden" name="intent" value="royalty" />
                <input type="hidden" name="periodStart" value={d.royalty.nextPeriod.start} />
                <div className="sm:col-span-4 text-sm">
                  {t("licensing.royalty.fileFor", { start: d.royalty.nextPeriod.start, end: d.royalty.nextPeriod.lastDay })}
                  {d.royalty.nextPeriod.closesYear ? ` ${t("licensing.royalty.closesYear")}` : ""}
                </div>
                <div>
                  <label className="label" htmlFor="units">
                    {t("licensing.royalty.units")}
                  </label>
                  <input id="units" name="units" className="input" inputMode="numeric" required />
                  <ErrorList errors={royalty.errors.units} />
                </div>
                <div>
                  <label className="label" htmlFor="netSales">
                    {t("licensing.royalty.netSalesYuan")}
                  </label>
                  <input id="netSales" name="netSales" className="input" inputMode="decimal" required />
                  <ErrorList errors={royalty.errors.netSales} />
                </div>
                <div className="flex items-end">
                  <button type="submit" className="btn-primary">
                    {t("licensing.royalty.file")}
                  </button>
                </div>
              </Form>
            ) : (
              <p className="muted">{t("licensing.royalty.nextDue", { end: d.royalty.nextPeriod.lastDay })}</p>
            )
          ) : null}
        </section>
      ) : null}

      {d.isLicensee && d.actions.includes("cancel") ? (
        <Form
          method="post"
          onSubmit={(e) => {
            if (!confirm(t("licensing.deal.cancelConfirm"))) e.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="btn-secondary" data-testid="cancel-deal">
            {t("licensing.deal.cancel")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
