import { all, onlyStaff, type AuthzRow } from "./types";

const partiesOnly = { anon: 302, artisan: 404, licensee: 200, officer: 200, admin: 200 };
const nobody = { anon: 302, artisan: 404, licensee: 404, officer: 404, admin: 404 };

export const rows: AuthzRow[] = [
  { path: (f) => `/works/${f.certNumber}/certificate.json`, note: "/works/:registrationNumber/certificate.json", expect: all(200) },
  { path: (f) => `/works/${f.certNumber}/certificate.pdf`, note: "/works/:registrationNumber/certificate.pdf", expect: all(200) },
  { path: "/works/not-a-number/certificate.json", expect: all(400) },
  { path: "/works/JDZ-2020-999999-3/certificate.pdf", note: "/works/:registrationNumber/certificate.pdf (no such work)", expect: all(404) },
  { path: (f) => `/api/v1/certificates/${f.certNumber}`, note: "/api/v1/certificates/:registrationNumber", expect: all(200) },
  { path: "/api/v1/certificates/not-a-number", expect: all(400) },
  { path: (f) => `/deals/${f.dealRef}/license.json`, note: "/deals/:reference/license.json (licensee's own, active)", expect: partiesOnly },
  { path: (f) => `/deals/${f.dealRef}/license.pdf`, note: "/deals/:reference/license.pdf (licensee's own, active)", expect: partiesOnly },
  { path: (f) => `/deals/${f.otherDealRef}/license.json`, note: "/deals/:reference/license.json (someone else's, not active)", expect: nobody },
  { path: (f) => `/deals/${f.otherDealRef}/license.pdf`, note: "/deals/:reference/license.pdf (someone else's, not active)", expect: nobody },
  { path: "/verify/certificate", expect: all(200) },
  { path: (f) => `/verify/certificate?number=${f.certNumber}`, note: "/verify/certificate?number=", expect: all(200) },
  { path: "/verify/certificate?number=garbage", expect: all(400) },
  { method: "POST", path: "/verify/certificate", note: "/verify/certificate without a file", form: { file: "" }, expect: all(400) },
  { path: "/officer/anchoring", expect: onlyStaff() },
  { method: "POST", path: "/officer/anchoring", note: "/officer/anchoring unknown intent", form: { intent: "nothing" }, expect: onlyStaff(400) },
];
