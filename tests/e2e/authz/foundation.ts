import { all, onlyAdmin, onlyArtisan, onlyStaff, signedIn, type AuthzRow } from "./types";

export const rows: AuthzRow[] = [
  { path: "/", expect: all(200) },
  { path: "/resources/healthcheck", expect: all(200) },
  { path: "/no-such-page", expect: all(404) },
  { path: "/login", expect: { anon: 200, artisan: 302, licensee: 302, officer: 302, admin: 302 } },
  { path: "/signup", expect: { anon: 200, artisan: 302, licensee: 302, officer: 302, admin: 302 } },
  { path: "/dashboard", expect: signedIn(200) },
  { path: "/profile", expect: signedIn(200) },
  { path: "/notifications", expect: signedIn(200) },
  { path: "/studio", expect: onlyArtisan() },
  { method: "POST", path: "/studio", form: { kind: "studio", name: "" }, expect: onlyArtisan(400) },
  { path: "/officer", expect: onlyStaff() },
  { path: "/officer/audit", expect: onlyStaff() },
  { path: "/admin/users", expect: onlyAdmin() },
  { method: "POST", path: "/admin/users", form: { intent: "create", name: "", email: "bad", password: "x", role: "officer" }, expect: onlyAdmin(400) },
];
