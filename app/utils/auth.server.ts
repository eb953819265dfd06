import { redirect } from "@remix-run/node";
import { prisma } from "./db.server";
import { getEnv } from "./env.server";
import { sessionStorage, SESSION_TTL_MS } from "./session.server";
import { hasPermission, type PermissionKey } from "./permissions";
import { clientIp } from "./rate-limit.server";
import { safeRedirect } from "./safe-redirect";

export { safeRedirect };

async function readSessionId(request: Request): Promise<string | undefined> {
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  const id = session.get("sessionId");
  return typeof id === "string" ? id : undefined;
}

export async function getUser(request: Request) {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const session = await prisma.session.findUnique({
    where: { id: sessionId },
    include: {
      user: {
        include: {
          roles: { select: { name: true } },
          memberships: { include: { organization: { select: { id: true, name: true, nameEn: true, kind: true } } } },
        },
      },
    },
  });
  // An account an administrator flagged for a new password has no session until it is reset.
  if (!session || session.expiresAt < new Date() || session.user.disabledAt || session.user.mustResetPassword) return null;
  const { user } = session;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    companyName: user.companyName,
    companyUscc: user.companyUscc,
    country: user.country,
    address: user.address,
    phone: user.phone,
    stripeAccountId: user.stripeAccountId,
    emailVerified: user.emailVerifiedAt !== null,
    roles: user.roles.map((r) => r.name),
    memberships: user.memberships.map((m) => ({ role: m.role, organization: m.organization })),
    sessionId,
  };
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const to = url.pathname + url.search;
  return redirect(`/login?redirectTo=${encodeURIComponent(to)}`);
}

/** Anonymous visitors are sent to log in; a page that needs a user never renders without one. */
export async function requireUser(request: Request) {
  const user = await getUser(request);
  if (!user) throw loginRedirect(request);
  return user;
}

/** The server-side guard used by every protected loader and action: 403 when the role lacks it. */
export async function requirePermission(request: Request, permission: PermissionKey) {
  const user = await requireUser(request);
  if (!hasPermission(user.roles, permission)) {
    throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

export function userCan(user: { roles: string[] } | null, permission: PermissionKey) {
  return !!user && hasPermission(user.roles, permission);
}

export async function createUserSession({ request, userId, redirectTo }: { request: Request; userId: string; redirectTo: string }) {
  const dbSession = await prisma.session.create({
    data: {
      userId,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      ip: clientIp(request),
      userAgent: request.headers.get("user-agent")?.slice(0, 300) ?? null,
    },
  });
  const storage = sessionStorage();
  const session = await storage.getSession(request.headers.get("Cookie"));
  session.set("sessionId", dbSession.id);
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await storage.commitSession(session, { expires: dbSession.expiresAt }) },
  });
}

export async function logout(request: Request) {
  const storage = sessionStorage();
  const session = await storage.getSession(request.headers.get("Cookie"));
  const id = session.get("sessionId");
  if (typeof id === "string") await prisma.session.deleteMany({ where: { id } });
  return redirect("/", { headers: { "Set-Cookie": await storage.destroySession(session) } });
}

/**
 * The origin for links mailed to users. PUBLIC_URL when set; otherwise the request's own origin,
 * which comes from the Host header — set PUBLIC_URL in production so a forged Host cannot make
 * a password-reset mail point elsewhere.
 */
export function mailLinkOrigin(request: Request): string {
  const configured = getEnv().PUBLIC_URL;
  return (configured ?? new URL(request.url).origin).replace(/\/+$/, "");
}
