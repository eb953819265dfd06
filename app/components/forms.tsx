import { useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { useId } from "react";
import { useT } from "~/utils/use-t";

/** Zod messages are i18n keys; translate them here so every form error is in the page's language. */
export function ErrorList({ errors, id }: { errors?: string[] | null; id?: string }) {
  const { t } = useT();
  const list = (errors ?? []).filter(Boolean);
  if (!list.length) return null;
  return (
    <ul id={id} className="field-error" role="alert">
      {list.map((e) => (
        <li key={e}>{t(e)}</li>
      ))}
    </ul>
  );
}

type InputProps = React.InputHTMLAttributes<HTMLInputElement>;

export function Field({
  label,
  inputProps,
  errors,
  hint,
  className,
}: {
  label: string;
  inputProps: InputProps;
  errors?: string[] | null;
  hint?: string;
  className?: string;
}) {
  const fallbackId = useId();
  const id = inputProps.id ?? fallbackId;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input id={id} aria-invalid={errorId ? true : undefined} aria-describedby={errorId} className="input" {...inputProps} />
      {hint ? <p className="muted mt-1">{hint}</p> : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

export function SelectField({
  label,
  selectProps,
  options,
  errors,
  className,
}: {
  label: string;
  selectProps: React.SelectHTMLAttributes<HTMLSelectElement>;
  options: { value: string; label: string }[];
  errors?: string[] | null;
  className?: string;
}) {
  const fallbackId = useId();
  const id = selectProps.id ?? fallbackId;
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select id={id} className="input" {...selectProps}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList errors={errors} />
    </div>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md border border-rouge-500 bg-rose-50 px-3 py-2 text-sm text-rouge-500" data-testid="form-error">
      {message}
    </div>
  );
}

/** What a form action answers (~/web/form-reply.server): Conform's reply, for the form `intent`. */
type ReplyLike = { intent?: string; result?: SubmissionResult<string[]> | null } | null | undefined;

/**
 * A form whose errors come from the server's Conform reply (the one form style; see
 * ~/web/form-reply.server). Give the page's <Form> `id={form.id}`. `intent` picks the reply meant
 * for this form when a page has several. The browser's own checks (required, maxLength) stay on:
 * the server validates with the same Zod schema and its errors appear under each input.
 */
export function useReplyForm(
  id: string,
  reply: ReplyLike,
  intent?: string,
  /** The schema's constraints (getZodConstraint) and the inputs' first values, for pages that render with getInputProps. */
  options: Pick<Parameters<typeof useForm<Record<string, string | null | undefined>>>[0], "constraint" | "defaultValue"> = {},
) {
  const lastResult = reply && (intent === undefined || reply.intent === intent) ? reply.result : null;
  const [form, fields] = useForm({ id, lastResult, constraint: options.constraint, defaultValue: options.defaultValue });
  return { form, fields, errors: errorsByName(form.allErrors) };
}

/** Conform's errors keyed by input name: "regions[0]" and "regions" both count for "regions"; "" is the form's own. */
function errorsByName(all: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, errors] of Object.entries(all)) {
    const base = name.replace(/[[.].*$/, "");
    (out[base] ??= []).push(...errors);
  }
  return out;
}

export type { FieldMetadata };
