import { createCookie, createCookieSessionStorage } from "@remix-run/node";
import { getEnv } from "./env.server";
import { isLocale, type Locale } from "./i18n";
import { isHttpsDeployment } from "./security-headers.server";

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

let storage: ReturnType<typeof createCookieSessionStorage<{ sessionId: string }>> | undefined;

/** The cookie only carries the id of a database Session row; the row is the truth (revocable). */
export function sessionStorage() {
  if (!storage) {
    const env = getEnv();
    storage = createCookieSessionStorage<{ sessionId: string }>({
      cookie: {
        name: "km_session",
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        // Secure whenever the public address is https (then HSTS is sent too), whatever NODE_ENV says.
        secure: isHttpsDeployment(env.PUBLIC_URL),
        secrets: [env.SESSION_SECRET],
        maxAge: SESSION_TTL_MS / 1000,
      },
    });
  }
  return storage;
}

export const localeCookie = createCookie("km_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: false,
  secure: isHttpsDeployment(process.env.PUBLIC_URL),
  maxAge: 365 * 24 * 3600,
});

export async function readLocaleCookie(cookieHeader: string | null): Promise<Locale | null> {
  const v = await localeCookie.parse(cookieHeader);
  return isLocale(v) ? v : null;
}
