import { useState } from "react";
import { ErrorList } from "~/components/forms";
import { REJECTION_REASONS, type RejectionReason } from "~/domain/registry/vocabulary";
import { useT } from "~/utils/use-t";

/**
 * The examiner's reason (with a preview of the message the applicant will get) and note, posted as
 * `reason` and `note` by the single-work decision form and the bulk form alike.
 */
export function RejectionFields({
  idPrefix = "",
  errors,
  testIds = false,
  noteClassName = "input min-h-24",
}: {
  /** Keeps ids unique when the fields sit beside others ("bulk-"). */
  idPrefix?: string;
  errors: { reason?: string[] | null; note?: string[] | null };
  /** Adds `data-testid="<idPrefix>reason"` and `…note"`. */
  testIds?: boolean;
  noteClassName?: string;
}) {
  const { t } = useT();
  const [reason, setReason] = useState<RejectionReason>("insufficient_photos");
  const id = (name: string) => `${idPrefix}${name}`;
  return (
    <>
      <div>
        <label className="label" htmlFor={id("reason")}>
          {t("works.exam.reason")}
        </label>
        <select
          id={id("reason")}
          name="reason"
          className="input"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value as RejectionReason)}
          data-testid={testIds ? id("reason") : undefined}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? id("reason-error") : undefined}
        >
          {REJECTION_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`works.rejection.${r}`)}
            </option>
          ))}
        </select>
        <ErrorList id={id("reason-error")} errors={errors.reason} />
      </div>
      <p className="muted text-sm">
        {t("works.exam.templatePreview")} {t(`works.rejection.${reason}.template`, { registrationNumber: "JDZ-…", note: "…" })}
      </p>
      <div>
        <label className="label" htmlFor={id("note")}>
          {t("works.exam.note")}
        </label>
        <textarea
          id={id("note")}
          name="note"
          className={noteClassName}
          maxLength={2000}
          data-testid={testIds ? id("note") : undefined}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={errors.note ? id("note-error") : undefined}
        />
        <ErrorList id={id("note-error")} errors={errors.note} />
      </div>
    </>
  );
}
