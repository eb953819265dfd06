import { pageTitle } from "~/utils/page-title";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useRouteLoaderData } from "@remix-run/react";
import stylesheet from "~/tailwind.css";
import { getUser } from "~/utils/auth.server";
import { getLocale } from "~/utils/locale.server";
import { hasPermission } from "~/utils/permissions";
import { translate, type Locale } from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmailVerificationNotice } from "~/components/email-verification-notice";
import { prisma } from "~/utils/db.server";
import { useNonce } from "~/utils/nonce-provider";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.home");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await getLocale(request, user);
  const unread = user ? await prisma.notification.count({ where: { userId: user.id, readAt: null } }) : 0;
  return json({
    locale,
    unread,
    user: user ? { id: user.id, name: user.name, email: user.email, roles: user.roles, emailVerified: user.emailVerified } : null,
  });
}

type NavItem = { to: string; key: string; show: boolean };

function navItems(roles: string[] | null): NavItem[] {
  const r = roles ?? [];
  return [
    { to: "/works", key: "common.nav.catalog", show: true },
    { to: "/offers", key: "common.nav.offers", show: true },
    { to: "/verify", key: "common.nav.verify", show: true },
    { to: "/cases/new", key: "common.nav.report", show: true },
    { to: "/dashboard", key: "common.nav.dashboard", show: r.length > 0 },
    { to: "/my/works", key: "works.nav.myWorks", show: hasPermission(r, "work:create") },
    { to: "/officer/examination", key: "works.nav.examination", show: hasPermission(r, "work:examine") },
    { to: "/officer/cases", key: "works.nav.cases", show: hasPermission(r, "case:handle") },
    { to: "/officer", key: "common.nav.officer", show: hasPermission(r, "work:examine") },
    { to: "/admin/users", key: "common.nav.admin", show: hasPermission(r, "user:manage") },
  ];
}

function LanguageSwitch({ locale, testId = "language-switch" }: { locale: Locale; testId?: string }) {
  const location = useLocation();
  const to = location.pathname + location.search;
  return (
    <Form method="post" action="/resources/locale" className="flex gap-1 text-xs" data-testid={testId}>
      <input type="hidden" name="redirectTo" value={to} />
      {(["zh-CN", "en"] as const).map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          aria-pressed={l === locale}
          className={`rounded px-2 py-1 ${l === locale ? "bg-cobalt-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
        >
          {l === "zh-CN" ? "中文" : "English"}
        </button>
      ))}
    </Form>
  );
}

type Translate = (k: string, p?: Record<string, string | number>) => string;

function NavLinks({ items, t }: { items: NavItem[]; t: Translate }) {
  return (
    <>
      {items.map((i) => (
        <NavLink
          key={i.to}
          to={i.to}
          end={i.to === "/"}
          className={({ isActive }) => `whitespace-nowrap rounded px-2 py-1 ${isActive ? "bg-cobalt-50 text-cobalt-700" : "text-slate-700 hover:bg-slate-100"}`}
        >
          {t(i.key)}
        </NavLink>
      ))}
    </>
  );
}

/** Inbox, profile and log-out (or log-in and sign-up); the phone menu's copy has its own test ids. */
function AccountLinks({ user, unread, t, mobile = false }: { user: { name: string } | null; unread: number; t: Translate; mobile?: boolean }) {
  const id = (s: string) => (mobile ? `mobile-${s}` : s);
  if (!user) {
    return (
      <div className="flex gap-2 text-sm">
        <Link to="/login" className="btn-secondary whitespace-nowrap py-1">
          {t("common.nav.login")}
        </Link>
        <Link to="/signup" className="btn-primary whitespace-nowrap py-1">
          {t("common.nav.signup")}
        </Link>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <Link to="/notifications" className="whitespace-nowrap text-slate-600 hover:underline" data-testid={id("notifications-link")}>
        {t("common.nav.notifications")}
        {unread > 0 ? <span className="badge ml-1 bg-rouge-500 text-white">{unread}</span> : null}
      </Link>
      <Link to="/profile" className="max-w-[10rem] truncate text-slate-700 hover:underline" data-testid={id("profile-link")}>
        {user.name}
      </Link>
      <Form method="post" action="/logout">
        <button type="submit" className="btn-secondary whitespace-nowrap py-1" data-testid={id("logout")}>
          {t("common.nav.logout")}
        </button>
      </Form>
    </div>
  );
}

function Shell({
  children,
  locale,
  user,
  unread,
}: {
  children: React.ReactNode;
  locale: Locale;
  user: { name: string; email: string; roles: string[]; emailVerified: boolean } | null;
  unread: number;
}) {
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
  const { pathname } = useLocation();
  const items = navItems(user?.roles ?? null).filter((i) => i.show);
  // Artisans need a confirmed address to register works: say so on every page until it is.
  const verifyNotice = user && !user.emailVerified && hasPermission(user.roles, "work:create") && !pathname.startsWith("/verify-email");
  return (
    <div className="flex min-h-screen flex-col bg-porcelain text-slate-900">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto hidden max-w-6xl flex-wrap items-center gap-4 px-4 py-3 md:flex">
          <Link to="/" className="flex items-center gap-2 text-lg font-semibold text-cobalt-700">
            <span aria-hidden>◍</span> {t("common.brand")}
          </Link>
          <nav className="flex flex-1 flex-wrap gap-1 text-sm" aria-label={t("common.nav.label")}>
            <NavLinks items={items} t={t} />
          </nav>
          <LanguageSwitch locale={locale} />
          <AccountLinks user={user} unread={unread} t={t} />
        </div>
        {/* Phones: the brand and a menu button on one row (≤ 64 px); the menu is a <details>, so it works before hydration too. */}
        <div className="relative mx-auto flex max-w-6xl items-center justify-between gap-2 px-4 py-3 md:hidden">
          <Link to="/" className="flex items-center gap-2 text-lg font-semibold text-cobalt-700">
            <span aria-hidden>◍</span> {t("common.brand")}
          </Link>
          <details className="group" data-testid="mobile-menu">
            <summary className="btn-secondary cursor-pointer list-none py-1 [&::-webkit-details-marker]:hidden" data-testid="mobile-menu-button">
              {t("common.nav.menu")}
              {user && unread > 0 ? <span className="badge ml-1 bg-rouge-500 text-white">{unread}</span> : null}
            </summary>
            <div
              className="absolute inset-x-0 top-full z-20 space-y-3 border-b border-slate-200 bg-white px-4 py-3 shadow-lg"
              onClick={(e) => {
                if ((e.target as HTMLElement).closest("a")) e.currentTarget.closest("details")?.removeAttribute("open");
              }}
            >
              <nav className="grid grid-cols-2 gap-1 text-sm" aria-label={t("common.nav.label")}>
                <NavLinks items={items} t={t} />
              </nav>
              <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 pt-3">
                <LanguageSwitch locale={locale} testId="mobile-language-switch" />
                <AccountLinks user={user} unread={unread} t={t} mobile />
              </div>
            </div>
          </details>
        </div>
      </header>
      {verifyNotice ? (
        <div className="mx-auto w-full max-w-6xl px-4 pt-4">
          <EmailVerificationNotice email={user.email} compact />
        </div>
      ) : null}
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">{children}</main>
      <footer className="border-t border-slate-200 bg-white py-4 text-center text-xs text-slate-500">{t("common.footer")}</footer>
    </div>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? "zh-CN";
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Shell locale={locale} user={data?.user ?? null} unread={data?.unread ?? 0}>
          {children}
        </Shell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
