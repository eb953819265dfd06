import { pageTitle } from "~/utils/page-title";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { computeDealChecks } from "~/domain/licensing/deal-checks.server";
import { listOverdueRoyaltyReports } from "~/domain/licensing/overdue-royalty-reports.server";
import { requirePermission } from "~/utils/auth.server";
import { bankDetails } from "~/domain/payments/bank-details.server";
import { byReportedPaidFirst } from "~/domain/payments/payout";
import { prisma } from "~/utils/db.server";
import { useT } from "~/utils/use-t";
import { dealStanding } from "~/domain/licensing/license-standing";
import { DealStatus, SlipLink } from "~/routes/deals+/__license-ui";
import { EmptyState } from "~/components/list-ui";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.officerDeals");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "deal:review");
  const include = {
    work: { select: { titleZh: true, titleEn: true, registrationNumber: true } },
    licensee: { select: { name: true, companyName: true } },
  } as const;
  const [queue, awaiting, pendingRoyalties, active, overdue] = await Promise.all([
    prisma.deal.findMany({ where: { status: "requested" }, orderBy: { updatedAt: "asc" }, take: 50, include }),
    prisma.deal.findMany({
      where: { status: "approved" },
      orderBy: { reviewedAt: "asc" },
      take: 50,
      include: { ...include, payments: { where: { status: "pending" } } },
    }),
    prisma.payment.findMany({
      where: { status: "pending", purpose: "royalty" },
      orderBy: { createdAt: "asc" },
      take: 50,
      include: { deal: { select: { reference: true } } },
    }),
    prisma.deal.findMany({ where: { status: "active" }, orderBy: { activatedAt: "desc" }, take: 50, include }),
    listOverdueRoyaltyReports({ db: prisma }),
  ]);
  const withChecks = await Promise.all(queue.map(async (d) => ({ d, checks: await computeDealChecks(prisma, d) })));
  const row = (d: (typeof queue)[number]) => ({
    reference: d.reference,
    status: d.status,
    work: d.work,
    licensee: d.licensee.companyName ?? d.licensee.name,
    upfrontFeeFen: d.upfrontFeeFen,
    exclusivity: d.exclusivity,
  });
  return json({
    queue: withChecks.map(({ d, checks }) => ({
      ...row(d),
      checks: {
        workRegistered: checks.workRegistered,
        openCases: checks.openCases.length,
        conflicts: checks.conflicts.length,
        profileComplete: checks.profileComplete,
        outsideOffer: checks.outsideOffer.length,
        ok: checks.ok,
      },
    })),
    // A licensee who says the money is sent is the officer's next job: those deals come first.
    awaiting: awaiting
      .map((d) => {
        const reported = d.payments.filter((p) => p.reportedPaidAt).sort((a, b) => a.reportedPaidAt!.getTime() - b.reportedPaidAt!.getTime())[0];
        return {
          ...row(d),
          dueFen: d.payments.reduce((s, p) => s + p.amountFen, 0),
          reportedPaidAt: reported?.reportedPaidAt ?? null,
          slipPaymentId: reported?.slipSha256 ? reported.id : null,
        };
      })
      .sort(byReportedPaidFirst),
    pendingRoyalties: pendingRoyalties
      .map((p) => ({
        id: p.id,
        reference: p.deal.reference,
        amountFen: p.amountFen,
        createdAt: p.createdAt,
        reportedPaidAt: p.reportedPaidAt,
        slipPaymentId: p.slipSha256 ? p.id : null,
      }))
      .sort(byReportedPaidFirst),
    offlineDisabled: !bankDetails(),
    active: active.map((d) => ({ ...row(d), status: dealStanding(d, new Date()), licenseNumber: d.licenseNumber })),
    overdue,
  });
}

function Check({ ok, label }: { ok: boolean; label: string }) {
  return (
    <li className={ok ? "text-green-700" : "text-rouge-500"} data-check={ok ? "pass" : "fail"}>
      {ok ? "✓" : "✗"} {label}
    </li>
  );
}

export default function OfficerDeals() {
  const { t, locale, money, date } = useT();
  const d = useLoaderData<typeof loader>();
  const title = (w: { titleZh: string; titleEn: string }) => (locale === "en" && w.titleEn) || w.titleZh;
  const Empty = ({ k }: { k: string }) => <EmptyState>{t(k)}</EmptyState>;
  return (
    <div className="space-y-8">
      <h1 className="h1">{t("licensing.officer.title")}</h1>
      {d.offlineDisabled ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900" data-testid="offline-disabled">
          {t("payments.notice.offlineDisabled")}
        </p>
      ) : null}

      <section className="space-y-3" data-testid="review-queue">
        <h2 className="h2">
          {t("licensing.officer.queue")} ({d.queue.length})
        </h2>
        {d.queue.length ? (
          <ul className="space-y-3">
            {d.queue.map((q) => (
              <li key={q.reference} className="card flex flex-wrap items-start justify-between gap-4" data-testid="queue-item">
                <div>
                  <Link to={`/officer/deals/${q.reference}`} className="mono font-semibold text-cobalt-700 hover:underline">
                    {q.reference}
                  </Link>
                  <div className="text-sm">
                    {title(q.work)} · <span className="mono">{q.work.registrationNumber}</span>
                  </div>
                  <div className="muted">
                    {q.licensee} · {t(`licensing.exclusivity.${q.exclusivity}`)} · {money(q.upfrontFeeFen)}
                  </div>
                </div>
                <ul className="text-sm" aria-label={t("licensing.officer.checks")}>
                  <Check ok={q.checks.workRegistered} label={t("licensing.check.workRegistered")} />
                  <Check ok={q.checks.openCases === 0} label={t("licensing.check.noOpenCase")} />
                  <Check ok={q.checks.conflicts === 0} label={t("licensing.check.noConflict")} />
                  <Check ok={q.checks.outsideOffer === 0} label={t("licensing.check.withinOffer")} />
                  <Check ok={q.checks.profileComplete} label={t("licensing.check.profileComplete")} />
                </ul>
              </li>
            ))}
          </ul>
        ) : (
          <Empty k="licensing.officer.queueEmpty" />
        )}
      </section>

      <section className="space-y-3" data-testid="awaiting-payment">
        <h2 className="h2">
          {t("licensing.officer.awaiting")} ({d.awaiting.length})
        </h2>
        {d.awaiting.length ? (
          <table className="table card">
            <thead>
              <tr>
                <th>{t("licensing.pay.reference")}</th>
                <th>{t("licensing.officer.work")}</th>
                <th>{t("licensing.deal.licensee")}</th>
                <th>{t("licensing.pay.amount")}</th>
                <th>{t("payments.reported.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.awaiting.map((a) => (
                <tr key={a.reference} data-testid="awaiting-item" data-reported={a.reportedPaidAt ? "yes" : "no"}>
                  <td>
                    <Link to={`/officer/deals/${a.reference}`} className="mono text-cobalt-600 hover:underline">
                      {a.reference}
                    </Link>
                  </td>
                  <td>{title(a.work)}</td>
                  <td>{a.licensee}</td>
                  <td>{money(a.dueFen)}</td>
                  <td>
                    {a.reportedPaidAt ? <span className="font-medium text-amber-800">{t("payments.reported.on", { date: date(a.reportedPaidAt) })}</span> : "—"}
                    {a.slipPaymentId ? <SlipLink reference={a.reference} paymentId={a.slipPaymentId} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty k="licensing.officer.awaitingEmpty" />
        )}
        {d.pendingRoyalties.length ? (
          <>
            <h3 className="font-medium">{t("licensing.officer.pendingRoyalties")}</h3>
            <ul className="card divide-y">
              {d.pendingRoyalties.map((p) => (
                <li key={p.id} className="py-2">
                  <Link to={`/officer/deals/${p.reference}`} className="mono text-cobalt-600 hover:underline">
                    {p.reference}
                  </Link>{" "}
                  · {money(p.amountFen)}
                  {p.reportedPaidAt ? (
                    <span className="ml-2 font-medium text-amber-800">{t("payments.reported.on", { date: date(p.reportedPaidAt) })}</span>
                  ) : null}
                  {p.slipPaymentId ? <SlipLink reference={p.reference} paymentId={p.slipPaymentId} testId={null} /> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="space-y-3" data-testid="overdue-royalties">
        <h2 className="h2">
          {t("licensing.officer.overdue")} ({d.overdue.length})
        </h2>
        {d.overdue.length ? (
          <ul className="card divide-y">
            {d.overdue.map((o) => (
              <li key={`${o.dealId}-${o.periodStart}`} className="py-2 text-sm" data-testid="overdue-item">
                <Link to={`/officer/deals/${o.reference}`} className="mono text-cobalt-600 hover:underline">
                  {o.reference}
                </Link>{" "}
                · {o.licensee} · {t("licensing.officer.overduePeriod", { start: o.periodStart, end: o.periodEnd })}
              </li>
            ))}
          </ul>
        ) : (
          <Empty k="licensing.officer.overdueEmpty" />
        )}
      </section>

      <section className="space-y-3">
        <h2 className="h2">{t("licensing.officer.active")}</h2>
        {d.active.length ? (
          <ul className="card divide-y">
            {d.active.map((a) => (
              <li key={a.reference} className="flex items-center justify-between py-2 text-sm">
                <span>
                  <Link to={`/officer/deals/${a.reference}`} className="mono text-cobalt-600 hover:underline">
                    {a.reference}
                  </Link>{" "}
                  · {title(a.work)} · {a.licensee} · <span className="mono">{a.licenseNumber}</span>
                </span>
                <DealStatus status={a.status} />
              </li>
            ))}
          </ul>
        ) : (
          <Empty k="licensing.officer.activeEmpty" />
        )}
      </section>
    </div>
  );
}
