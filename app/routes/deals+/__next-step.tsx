import type { DealNextStep } from "~/domain/licensing/deal-next-step";
import { useT } from "~/utils/use-t";

/** The licensee's "what happens next, and by when" box on the deal page. */
export function DealNextStepBox({ step }: { step: DealNextStep }) {
  const { t, date, dateTime } = useT();
  const text =
    step.kind === "review"
      ? t("nextsteps.deal.review", { days: step.days, date: dateTime(step.dueAt) })
      : step.kind === "changes"
        ? t("nextsteps.deal.changes")
        : step.kind === "pay"
          ? step.payBy
            ? t("nextsteps.deal.payBy", { date: date(step.payBy) })
            : t("nextsteps.deal.payNow")
          : step.kind === "scheduled"
            ? t("nextsteps.deal.scheduled", { start: date(step.starts), date: date(step.lastDay) })
            : step.kind === "active"
              ? t("nextsteps.deal.active", { date: date(step.lastDay) })
              : t("nextsteps.deal.final", { status: t(`licensing.deal.state.${step.status}`) });
  return (
    <section className="card space-y-1 border-cobalt-100 bg-cobalt-50" data-testid="deal-next-step" data-kind={step.kind}>
      <h2 className="h2">{t("nextsteps.deal.title")}</h2>
      <p className="text-sm">{text}</p>
    </section>
  );
}
