import { all, onlyArtisan, onlyStaff, type AuthzRow } from "./types";

/** A stranger's work: the matrix's artisan (Xu) gets 404, as if it did not exist. */
const strangersWork = { anon: 302, artisan: 404, licensee: 403, officer: 403, admin: 403 };
/** Images of sealed or unregistered works: only staff (and the owner, not in the matrix). */
const privateImage = { anon: 404, artisan: 404, licensee: 404, officer: 200, admin: 200 };
const ZEROS = "0".repeat(64);

export const rows: AuthzRow[] = [
  { path: "/works/new", expect: onlyArtisan(200) },
  { method: "POST", path: "/works/new", note: "/works/new (empty form)", form: { intent: "draft" }, expect: onlyArtisan(400) },
  { path: "/my/works", expect: onlyArtisan(200) },
  { path: (f) => `/my/works/${f.xuWorkId}`, note: "/my/works/:workId (own)", expect: onlyArtisan(200) },
  { path: (f) => `/my/works/${f.chenDraftId}`, note: "/my/works/:workId (someone else's)", expect: strangersWork },
  { path: (f) => `/my/works/${f.chenDraftId}/edit`, note: "/my/works/:workId/edit (someone else's)", expect: strangersWork },
  { path: (f) => `/my/works/${f.xuWorkId}/edit`, note: "/my/works/:workId/edit (own, submitted: not editable)", expect: onlyArtisan(409) },
  {
    method: "POST",
    path: (f) => `/my/works/${f.chenDraftId}`,
    note: "/my/works/:workId submit someone else's",
    form: { intent: "submit" },
    expect: strangersWork,
  },
  {
    method: "POST",
    path: (f) => `/my/works/${f.chenDraftId}`,
    note: "/my/works/:workId delete someone else's",
    form: { intent: "delete" },
    expect: strangersWork,
  },
  {
    method: "POST",
    path: (f) => `/my/works/${f.chenDraftId}/edit`,
    note: "/my/works/:workId/edit someone else's",
    form: { titleZh: "x" },
    expect: strangersWork,
  },
  { path: "/officer/examination", expect: onlyStaff() },
  { path: (f) => `/officer/examination/${f.submittedWorkId}`, note: "/officer/examination/:workId", expect: onlyStaff() },
  { path: "/officer/examination/no-such-work", expect: onlyStaff(404) },
  {
    method: "POST",
    path: (f) => `/officer/examination/${f.submittedWorkId}`,
    note: "/officer/examination/:workId reject without a reason",
    form: { intent: "reject" },
    expect: onlyStaff(400),
  },
  { path: (f) => `/resources/images/${f.publicSha}/320`, note: "/resources/images/:sha256/320 (public registered)", expect: all(200) },
  { path: (f) => `/resources/images/${f.sealedSha}/1280`, note: "/resources/images/:sha256/1280 (sealed)", expect: privateImage },
  { path: (f) => `/resources/images/${f.chenDraftSha}/320`, note: "/resources/images/:sha256/320 (draft)", expect: privateImage },
  { path: `/resources/images/${ZEROS}/320`, expect: all(404) },
  { path: (f) => `/resources/images/${f.publicSha}/640`, note: "/resources/images/:sha256/640 (no such size)", expect: all(404) },
];
