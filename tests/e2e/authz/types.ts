export type Who = "anon" | "artisan" | "licensee" | "officer" | "admin";
/** Expected status per role; 302 for anonymous means "sent to log in". */
export type AuthzRow = {
  method?: "GET" | "POST";
  /** A path, or a function of the fixtures (ids created by the matrix test's set-up). */
  path: string | ((f: Record<string, string>) => string);
  form?: Record<string, string>;
  expect: Record<Who, number>;
  note?: string;
};
export const all = (n: number): Record<Who, number> => ({ anon: n, artisan: n, licensee: n, officer: n, admin: n });
export const signedIn = (n: number): Record<Who, number> => ({ anon: 302, artisan: n, licensee: n, officer: n, admin: n });
export const onlyStaff = (n = 200): Record<Who, number> => ({ anon: 302, artisan: 403, licensee: 403, officer: n, admin: n });
export const onlyArtisan = (n = 200): Record<Who, number> => ({ anon: 302, artisan: n, licensee: 403, officer: 403, admin: 403 });
export const onlyLicensee = (n = 200): Record<Who, number> => ({ anon: 302, artisan: 403, licensee: n, officer: 403, admin: 403 });
export const onlyAdmin = (n = 200): Record<Who, number> => ({ anon: 302, artisan: 403, licensee: 403, officer: 403, admin: n });
