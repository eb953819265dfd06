import type { ActionFunctionArgs } from "@remix-run/node";
import { readPageForm } from "~/utils/request-body.server";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { getUser, safeRedirect } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { LOCALES } from "~/utils/i18n";
import { localeCookie } from "~/utils/session.server";

const schema = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() });

export async function loader() {
  return redirect("/");
}

/** Switching language works on every page without JavaScript: cookie + the user's profile. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await readPageForm(request)));
  if (!parsed.success) throw new Response("Unknown language", { status: 400 });
  const user = await getUser(request);
  if (user) await prisma.user.update({ where: { id: user.id }, data: { locale: parsed.data.locale } });
  return redirect(safeRedirect(parsed.data.redirectTo, "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) },
  });
}
