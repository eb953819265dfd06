import { pageTitle } from "~/utils/page-title";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList, FormError, useReplyForm } from "~/components/forms";
import { approveDeal } from "~/domain/licensing/approve-deal.server";
import { askDealChanges } from "~/domain/licensing/ask-deal-changes.server";
import { computeDealChecks } from "~/domain/licensing/deal-checks.server";
import { termsOfRow } from "~/domain/licensing/deal-access.server";
import { allowedDealActions, asDealState } from "~/domain/licensing/deal-state";
import { paymentRow } from "~/domain/licensing/deal-page.server";
import { offlinePaymentSchema, payoutMadeSchema, reasonSchema } from "~/domain/licensing/forms";
import { parseIsoDay } from "~/domain/licensing/iso-day";
import { rejectDeal } from "~/domain/licensing/reject-deal.server";
import { terminateDeal } from "~/domain/licensing/terminate-deal.server";
import { confirmOfflinePayment } from "~/domain/payments/confirm-offline-payment.server";
import { bankDetails } from "~/domain/payments/bank-details.server";
import { canRecordPayout } from "~/domain/payments/payout";
import { recordPayout } from "~/domain/payments/record-payout.server";
import { requirePermission, userCan } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/route-helpers.server";
import { useT } from "~/utils/use-t";
import { formDomainError, invalidForm, parseForm, type FormReply } from "~/web/form-reply.server";
import { dealStanding } from "~/domain/licensing/license-standing";
import { DealStatus, DealTermsCard, PaymentsTable } from "~/routes/deals+/__license-ui";
import { summaries } from "~/domain/licensing/offer-face";

export const meta: MetaFunction = ({ params, matches }) => [...pageTitle(matches, "titles.reviewDeal", { reference: params.reference ?? "" })];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "deal:review");
  const deal = await prisma.deal.findUnique({
    where: { reference: params.reference },
    include: { work: true, payments: { orderBy: { createdAt: "asc" } }, reviewer: { select: { name: true } } },
  });
  invariantResponse(deal, "Not Found", 404);
  const checks = await computeDealChecks(prisma, deal);
  return json({
    deal: {
      id: deal.id,
      reference: deal.reference,
      status: deal.status,
      standing: dealStanding(deal, new Date()),
      licenseNumber: deal.licenseNumber,
      message: deal.message,
      reviewReason: deal.reviewReason,
      reviewer: deal.reviewer?.name ?? null,
      termsHash: deal.termsHash,
      feeBps: deal.feeBps,
      company: JSON.parse(deal.licenseeCompany) as Record<string, string | null>,
      endReason: deal.endReason,
    },
    work: {
      titleZh: deal.work.titleZh,
      titleEn: deal.work.titleEn,
      registrationNumber: deal.work.registrationNumber,
      visibility: deal.work.visibility,
      ownerName: deal.work.ownerName,
    },
    summaries: summaries(termsOfRow(deal)),
    checks,
    actions: allowedDealActions(asDealState(deal.status)),
    payments: deal.payments.map((p) => ({
      ...paymentRow(p),
      feeFen: p.feeFen,
      payoutFen: p.payoutFen,
      hasSlip: !!p.slipSha256,
      payoutMadeOn: p.payoutMadeOn,
      payoutReference: p.payoutReference,
      payoutDue: canRecordPayout(p),
    })),
    offlineDisabled: !bankDetails(),
    canConfirm: userCan(user, "payment:confirm"),
    today: new Date().toISOString().slice(0, 10),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "deal:review");
  const { t, locale } = await getT(request, user);
  const deal = await prisma.deal.findUnique({ where: { reference: params.reference }, select: { id: true } });
  invariantResponse(deal, "Not Found", 404);
  const form = await readPageForm(request);
  const intent = String(form.get("intent") ?? "");
  const back = redirect(`/officer/deals/${params.reference}`);
  const invalid = (submission: Parameters<typeof invalidForm>[0]) => invalidForm(submission, { locale, intent, messageKey: "licensing.form.fixErrors" });
  try {
    if (intent === "approve") {
      const overrideReason = String(form.get("overrideReason") ?? "").slice(0, 2000);
      await approveDeal({ db: prisma, actorId: user.id, dealId: deal.id, overrideReason });
      return back;
    }
    if (intent === "reject" || intent === "ask_changes" || intent === "terminate") {
      const submission = parseForm(form, reasonSchema);
      if (submission.status !== "success") return invalid(submission);
      const run = intent === "reject" ? rejectDeal : intent === "ask_changes" ? askDealChanges : terminateDeal;
      await run({ db: prisma, actorId: user.id, dealId: deal.id, reason: submission.value.reason });
      return back;
    }
    if (intent === "confirm_payment") {
      await requirePermission(request, "payment:confirm");
      const submission = parseForm(form, offlinePaymentSchema);
      if (submission.status !== "success") return invalid(submission);
      const { paymentId, amount, receivedOn } = submission.value;
      await confirmOfflinePayment({ db: prisma, actorId: user.id, paymentId, amountFen: amount, receivedOn: new Date(parseIsoDay(receivedOn)!) });
      return back;
    }
    if (intent === "record_payout") {
      await requirePermission(request, "payment:confirm");
      const submission = parseForm(form, payoutMadeSchema);
      if (submission.status !== "success") return invalid(submission);
      const { paymentId, payoutMadeOn, payoutReference } = submission.value;
      await recordPayout({ db: prisma, actorId: user.id, paymentId, payoutMadeOn: new Date(parseIsoDay(payoutMadeOn)!), payoutReference });
      return redirect(`/officer/deals/${params.reference}#payments`);
    }
    return json<FormReply>({ intent, result: null, formError: t("licensing.error.unknownAction") }, { status: 400 });
  } catch (e) {
    return formDomainError(e, { locale, intent });
  }
}

function ReasonForm({ intent, label, danger }: { intent: string; label: string; danger?: boolean }) {
  const { t } = useT();
  const { form, errors } = useReplyForm(`form-${intent}`, useActionData<typeof action>(), intent);
  return (
    <Form method="post" className="space-y-2" id={form.id}>
      <input type="hidden" name="intent" value={intent} />
      <textarea
        name="reason"
        className="input min-h-16"
        aria-label={t("licensing.officer.reason")}
        placeholder={t("licensing.officer.reason")}
        required
        maxLength={2000}
      />
      <ErrorList errors={errors.reason} />
      <button type="submit" className={danger ? "btn-danger" : "btn-secondary"}>
        {label}
      </button>
    </Form>
  );
}

export default function ReviewDeal() {
  const { t, locale, money } = useT();
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  // One payment at a time is confirmed or paid out; the reply's errors show beside its inputs.
  const confirmForm = useReplyForm("confirm-payment", data, "confirm_payment");
  const payoutForm = useReplyForm("record-payout", data, "record_payout");
  const nav = useNavigation();
  const c = d.checks;
  const pending = d.payments.filter((p) => p.status === "pending");
  return (
    <div className="space-y-6">
      <Link to="/officer/deals" className="muted hover:underline">
        ← {t("licensing.officer.title")}
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="h1 mono" data-testid="deal-reference">
            {d.deal.reference}
          </h1>
          <p className="text-sm">
            {(locale === "en" && d.work.titleEn) || d.work.titleZh} · <span className="mono">{d.work.registrationNumber}</span> · {d.work.ownerName}
            {d.work.visibility === "sealed" ? ` · ${t("licensing.work.sealed")}` : ""}
          </p>
        </div>
        <DealStatus status={d.deal.standing} />
      </div>
      <FormError message={data?.formError} />
      {d.offlineDisabled ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900" data-testid="offline-disabled">
          {t("payments.notice.offlineDisabled")}
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <DealTermsCard summaries={d.summaries} termsHash={d.deal.termsHash} message={d.deal.message} />
        <section className="card space-y-3" data-testid="checks">
          <h2 className="h2">{t("licensing.officer.checks")}</h2>
          <ul className="space-y-2 text-sm">
            <li data-check={c.workRegistered ? "pass" : "fail"}>
              {c.workRegistered ? "✓" : "✗"} {t("licensing.check.workRegistered")}
            </li>
            <li data-check={c.openCases.length ? "fail" : "pass"}>
              {c.openCases.length ? "✗" : "✓"} {t("licensing.check.noOpenCase")}
              {c.openCases.map((x) => (
                <Link key={x.number} to={`/officer/cases/${x.number}`} className="ml-2 mono text-cobalt-600 underline">
                  {x.number}
                </Link>
              ))}
              {c.copyCases.length ? (
                <div className="ml-5 muted" data-testid="copy-cases">
                  {t("licensing.check.copyCases")}
                  {c.copyCases.map((x) => (
                    <Link key={x.number} to={`/officer/cases/${x.number}`} className="ml-2 mono text-cobalt-600 underline">
                      {x.number}
                    </Link>
                  ))}
                </div>
              ) : null}
            </li>
            <li data-check={c.conflicts.length ? "fail" : "pass"}>
              {c.conflicts.length ? "✗" : "✓"} {t("licensing.check.noConflict")}
              {c.conflicts.length ? (
                <ul className="ml-5 list-disc text-rouge-500" data-testid="conflicts">
                  {c.conflicts.map((x) => (
                    <li key={x.grantId}>
                      {t(`licensing.conflict.${x.reason}`)}{" "}
                      <Link to={`/officer/deals/${x.reference}`} className="mono underline">
                        {x.reference}
                      </Link>{" "}
                      · {x.fields.map((f) => t(`licensing.field.${f}`)).join(", ")} ·{" "}
                      {x.countries.length > 8 ? t("licensing.officer.countries", { count: x.countries.length }) : x.countries.join(" ")} · {x.from} – {x.to}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
            <li data-check={c.outsideOffer.length ? "fail" : "pass"}>
              {c.outsideOffer.length ? "✗" : "✓"} {t("licensing.check.withinOffer")}
              {c.outsideOffer.map((p) => (
                <div key={p.messageKey} className="ml-5 text-rouge-500">
                  {t(p.messageKey, p.params)}
                </div>
              ))}
            </li>
            <li data-check={c.profileComplete ? "pass" : "fail"}>
              {c.profileComplete ? "✓" : "✗"} {t("licensing.check.profileComplete")}
            </li>
          </ul>
          <div className="rounded bg-slate-50 p-2 text-sm">
            <div className="font-medium">{t("licensing.deal.licensee")}</div>
            {Object.entries(d.deal.company)
              .filter(([, v]) => v)
              .map(([k, v]) => (
                <div key={k}>
                  <span className="muted">{["companyName", "country", "address"].includes(k) ? t(`auth.field.${k}`) : k}:</span> {v}
                </div>
              ))}
          </div>
        </section>
      </div>

      {d.actions.includes("approve") ? (
        <section className="card grid gap-4 md:grid-cols-3" data-testid="review-actions">
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value="approve" />
            <p className="text-sm">{c.ok ? t("licensing.officer.approveHint") : t("licensing.officer.checksFailed")}</p>
            {c.openCases.length ? (
              <div>
                <label className="label" htmlFor="overrideReason">
                  {t("licensing.officer.overrideReason")}
                </label>
                <textarea id="overrideReason" name="overrideReason" className="input" rows={2} maxLength={2000} required data-testid="override-reason" />
                <p className="muted">{t("licensing.officer.overrideHint")}</p>
              </div>
            ) : null}
            <button type="submit" className="btn-primary" data-testid="approve" disabled={nav.state !== "idle"}>
              {t("licensing.deal.action.approve")}
            </button>
          </Form>
          <ReasonForm intent="ask_changes" label={t("licensing.deal.action.ask_changes")} />
          <ReasonForm intent="reject" label={t("licensing.deal.action.reject")} danger />
        </section>
      ) : null}

      {d.payments.length ? (
        <section className="card space-y-3" data-testid="payments" id="payments">
          <h2 className="h2">{t("licensing.pay.title")}</h2>
          <PaymentsTable reference={d.deal.reference} payments={d.payments} showSplit staff />
          {d.canConfirm
            ? pending.map((p) => (
                <Form key={p.id} method="post" className="grid gap-3 rounded border border-slate-200 p-3 sm:grid-cols-4" data-testid="confirm-payment-form">
                  <input type="hidden" name="intent" value="confirm_payment" />
                  <input type="hidden" name="paymentId" value={p.id} />
                  <p className="text-sm sm:col-span-4">{t("licensing.officer.confirmHint", { amount: money(p.amountFen), reference: d.deal.reference })}</p>
                  <div>
                    <label className="label" htmlFor={`amount-${p.id}`}>
                      {t("licensing.officer.amountReceived")}
                    </label>
                    <input id={`amount-${p.id}`} name="amount" className="input" inputMode="decimal" required />
                    <ErrorList errors={confirmForm.errors.amount} />
                  </div>
                  <div>
                    <label className="label" htmlFor={`received-${p.id}`}>
                      {t("licensing.officer.receivedOn")}
                    </label>
                    <input id={`received-${p.id}`} name="receivedOn" type="date" className="input" defaultValue={d.today} max={d.today} required />
                  </div>
                  <div className="flex items-end">
                    <button type="submit" className="btn-primary" data-testid="confirm-payment">
                      {t("licensing.deal.action.confirm_payment")}
                    </button>
                  </div>
                </Form>
              ))
            : null}
          {d.canConfirm
            ? d.payments
                .filter((p) => p.payoutDue)
                .map((p) => (
                  <Form key={p.id} method="post" className="grid gap-3 rounded border border-slate-200 p-3 sm:grid-cols-3" data-testid="record-payout-form">
                    <input type="hidden" name="intent" value="record_payout" />
                    <input type="hidden" name="paymentId" value={p.id} />
                    <div className="sm:col-span-3">
                      <div className="text-sm font-medium">{t("payments.payout.record.title")}</div>
                      <p className="muted">{t("payments.payout.record.intro")}</p>
                    </div>
                    <div>
                      <label className="label" htmlFor={`payout-on-${p.id}`}>
                        {t("payments.payout.record.date")}
                      </label>
                      <input id={`payout-on-${p.id}`} name="payoutMadeOn" type="date" className="input" defaultValue={d.today} max={d.today} required />
                      <ErrorList errors={payoutForm.errors.payoutMadeOn} />
                    </div>
                    <div>
                      <label className="label" htmlFor={`payout-ref-${p.id}`}>
                        {t("payments.payout.record.reference")}
                      </label>
                      <input id={`payout-ref-${p.id}`} name="payoutReference" className="input" maxLength={100} required />
                      <ErrorList errors={payoutForm.errors.payoutReference} />
                    </div>
                    <div className="flex items-end">
                      <button type="submit" className="btn-primary" data-testid="record-payout" disabled={nav.state !== "idle"}>
                        {t("payments.payout.record.button", { amount: money(p.payoutFen) })}
                      </button>
                    </div>
                  </Form>
                ))
            : null}
        </section>
      ) : null}

      {d.deal.licenseNumber ? (
        <section className="card space-y-2">
          <p>
            {t("licensing.deal.license")}:{" "}
            <Link to={`/verify/license/${d.deal.licenseNumber}`} className="mono text-cobalt-600 underline" data-testid="license-number">
              {d.deal.licenseNumber}
            </Link>
          </p>
          {d.deal.endReason && d.deal.status !== "active" ? <p className="muted">{d.deal.endReason}</p> : null}
          {d.actions.includes("terminate") ? <ReasonForm intent="terminate" label={t("licensing.deal.action.terminate")} danger /> : null}
        </section>
      ) : null}
    </div>
  );
}
