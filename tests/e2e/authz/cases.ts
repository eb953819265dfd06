import { all, onlyStaff, signedIn, type AuthzRow } from "./types";

/** A stranger to the case (the matrix's artisan and licensee) gets the same 404 as a missing case. */
const partiesOnly = { anon: 302, artisan: 404, licensee: 404, officer: 200, admin: 200 };

export const rows: AuthzRow[] = [
  { path: "/cases/new", expect: all(200) },
  { path: "/cases/new?q=vase", note: "/cases/new work search", expect: all(200) },
  { method: "POST", path: "/cases/new", note: "/cases/new send-code (bad email)", form: { intent: "send-code", email: "not-an-email" }, expect: all(400) },
  { method: "POST", path: "/cases/new", note: "/cases/new report (empty form)", form: { intent: "report" }, expect: all(400) },
  { path: "/cases", expect: signedIn(200) },
  { path: (f) => `/cases/${f.caseNumber}`, note: "/cases/:caseNumber", expect: partiesOnly },
  {
    path: (f) => `/cases/${f.caseNumber}?t=${"x".repeat(32)}`,
    note: "/cases/:caseNumber with a wrong follow token",
    expect: { anon: 404, artisan: 404, licensee: 404, officer: 200, admin: 200 },
  },
  { path: "/cases/KM-C-2026-999999", expect: { anon: 302, artisan: 404, licensee: 404, officer: 404, admin: 404 } },
  {
    method: "POST",
    path: (f) => `/cases/${f.caseNumber}`,
    note: "/cases/:caseNumber message (stranger)",
    form: { intent: "message", body: "hi" },
    expect: { anon: 302, artisan: 404, licensee: 404, officer: 302, admin: 302 },
  },
  { path: (f) => `/cases/${f.caseNumber}/file/no-such-evidence`, note: "/cases/:caseNumber/file/:evidenceId", expect: all(404) },
  { path: (f) => `/cases/${f.caseNumber}/view/no-such-match`, note: "/cases/:caseNumber/view/:matchId", expect: all(404) },
  { path: "/officer/cases", expect: onlyStaff() },
  { path: "/officer/cases?status=open&overdue=1&assignee=me&platform=taobao", note: "/officer/cases filtered", expect: onlyStaff() },
  { path: (f) => `/officer/cases/${f.caseNumber}`, note: "/officer/cases/:caseNumber", expect: onlyStaff() },
  {
    method: "POST",
    path: (f) => `/officer/cases/${f.caseNumber}`,
    note: "/officer/cases/:caseNumber unknown intent",
    form: { intent: "nothing" },
    expect: onlyStaff(400),
  },
  {
    method: "POST",
    path: (f) => `/officer/cases/${f.caseNumber}`,
    note: "/officer/cases/:caseNumber transition without reason",
    form: { intent: "transition", type: "triage", reason: "" },
    expect: onlyStaff(400),
  },
  { path: (f) => `/officer/cases/${f.caseNumber}/notice.pdf?platform=taobao`, note: "/officer/cases/:caseNumber/notice.pdf", expect: onlyStaff() },
  { path: (f) => `/officer/cases/${f.caseNumber}/notice/no-such-notice.pdf`, note: "/officer/cases/:caseNumber/notice/:noticeId.pdf", expect: onlyStaff(404) },
  { path: (f) => `/officer/cases/${f.caseNumber}/package.zip`, note: "/officer/cases/:caseNumber/package.zip", expect: onlyStaff() },
  { path: "/officer/cases/stats", expect: onlyStaff() },
  { path: "/officer/cases/stats.csv", expect: onlyStaff() },
];
