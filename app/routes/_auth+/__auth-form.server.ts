/** What the log-in and sign-up actions share: the signed-in redirect and reading the form. */
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { getUser } from "~/utils/auth.server";
import { getT } from "~/utils/locale.server";
import { readPageForm } from "~/utils/request-body.server";

/** The loader of a page only signed-out visitors need: the signed-in go to their dashboard. */
export async function signedOutOnly({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/dashboard");
  return json({});
}

/**
 * The posted form read with its Zod schema; the password never comes back in a reply. Invalid input
 * answers 400 (`invalid`) with Conform's reply; otherwise the parsed `value`, a `reply()` for the
 * answers still to come and the reader's language.
 */
export async function readAuthForm<S extends z.ZodTypeAny>(request: Request, schema: S) {
  const submission = parseWithZod(await readPageForm(request), { schema });
  const { t, locale } = await getT(request);
  const reply = () => submission.reply({ hideFields: ["password"] });
  if (submission.status !== "success") return { invalid: json({ result: reply(), formError: null }, { status: 400 }) } as const;
  return { invalid: null, value: submission.value as z.output<S>, reply, t, locale } as const;
}
