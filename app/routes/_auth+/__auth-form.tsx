/** The pieces the account pages (log in, sign up, forgot and reset password) share. Not a route: flat-routes ignores "__" files. */
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { z } from "zod";

/** Conform with the page's Zod schema checked in the browser too (on blur, then on each change). */
export function useAuthForm<S extends z.ZodTypeAny>(
  id: string,
  schema: S,
  lastResult: SubmissionResult<string[]> | null | undefined,
  defaultValue?: Partial<z.input<S>>,
) {
  return useForm<z.input<S>>({
    id,
    constraint: getZodConstraint(schema),
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldRevalidate: "onBlur",
    defaultValue: defaultValue as Parameters<typeof useForm<z.input<S>>>[0]["defaultValue"],
  });
}

/** The narrow card: heading, then the form (`getFormProps(form)`) with its fields and one submit button. */
export function AuthFormCard({
  title,
  formProps,
  submitLabel,
  children,
  footer,
}: {
  title: string;
  formProps: ReturnType<typeof getFormProps>;
  submitLabel: string;
  children: React.ReactNode;
  footer?: React.ReactNode;
}) {
  const nav = useNavigation();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="h1 mb-6">{title}</h1>
      <Form method="post" className="card space-y-4" {...formProps}>
        {children}
        <button type="submit" className="btn-primary w-full" disabled={nav.state !== "idle"}>
          {submitLabel}
        </button>
        {footer}
      </Form>
    </div>
  );
}

/** "No account yet? Sign up" under the form. */
export function AuthSwitchLink({ text, to, label }: { text?: string; to: string; label: string }) {
  return (
    <p className="muted text-center">
      {text ? `${text} ` : null}
      <Link to={to} className="text-cobalt-600 hover:underline">
        {label}
      </Link>
    </p>
  );
}
