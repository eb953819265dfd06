import { all, onlyArtisan, onlyStaff, type AuthzRow } from "./types";

const noLicensee = { anon: 302, artisan: 403, licensee: 400, officer: 403, admin: 403 };

export const rows: AuthzRow[] = [
  { path: "/offers", expect: all(200) },
  { path: "/offers?field=tableware&territory=DE&exclusivity=non_exclusive&minPrice=1&maxPrice=99999&page=1", expect: all(200) },
  { path: "/offers/new", expect: onlyArtisan(200) },
  { method: "POST", path: "/offers/new", form: { workId: "" }, expect: onlyArtisan(400) },
  { path: (f) => `/offers/${f.offerId}`, note: "/offers/:offerId", expect: all(200) },
  { path: "/offers/no-such-offer", expect: all(404) },
  { method: "POST", path: (f) => `/offers/${f.offerId}`, note: "/offers/:offerId request (empty form)", form: { intent: "request" }, expect: noLicensee },
  { method: "POST", path: "/offers/no-such-offer", note: "/offers/:offerId withdraw (not the owner's)", form: { intent: "withdraw" }, expect: { anon: 302, artisan: 404, licensee: 403, officer: 403, admin: 403 } },
  { path: (f) => `/deals/${f.dealRef}`, note: "/deals/:reference (licensee's own)", expect: { anon: 302, artisan: 404, licensee: 200, officer: 200, admin: 200 } },
  { path: (f) => `/deals/${f.otherDealRef}`, note: "/deals/:reference (someone else's)", expect: { anon: 302, artisan: 404, licensee: 404, officer: 200, admin: 200 } },
  { method: "POST", path: (f) => `/deals/${f.dealRef}`, note: "/deals/:reference unknown intent", form: { intent: "nothing" }, expect: { anon: 302, artisan: 404, licensee: 400, officer: 403, admin: 403 } },
  { method: "POST", path: (f) => `/deals/${f.otherDealRef}`, note: "/deals/:reference cancel someone else's", form: { intent: "cancel" }, expect: { anon: 302, artisan: 404, licensee: 404, officer: 403, admin: 403 } },
  // Money paperwork: receipts of paid payments, the artisan's payout statement, transfer slips.
  { path: (f) => `/deals/${f.dealRef}/payout-statement.pdf`, note: "/deals/:reference/payout-statement.pdf (not for the licensee)", expect: { anon: 302, artisan: 404, licensee: 404, officer: 200, admin: 200 } },
  { path: (f) => `/deals/${f.otherDealRef}/payout-statement.pdf`, note: "/deals/:reference/payout-statement.pdf (someone else's)", expect: { anon: 302, artisan: 404, licensee: 404, officer: 200, admin: 200 } },
  { path: (f) => `/deals/${f.dealRef}/receipts/no-such-payment.pdf`, note: "/deals/:reference/receipts/:paymentId.pdf (unknown payment)", expect: { anon: 302, artisan: 404, licensee: 404, officer: 404, admin: 404 } },
  { path: (f) => `/deals/${f.dealRef}/receipts/no-such-payment`, note: "/deals/:reference/receipts/:file (not .pdf)", expect: { anon: 302, artisan: 404, licensee: 404, officer: 404, admin: 404 } },
  { path: (f) => `/deals/${f.dealRef}/slips/no-such-payment`, note: "/deals/:reference/slips/:paymentId (no slip)", expect: { anon: 302, artisan: 404, licensee: 404, officer: 404, admin: 404 } },
  { method: "POST", path: (f) => `/deals/${f.dealRef}`, note: "/deals/:reference I have paid (unknown payment)", form: { intent: "paid", paymentId: "no-such-payment" }, expect: { anon: 302, artisan: 404, licensee: 404, officer: 403, admin: 403 } },
  { path: "/officer/deals", expect: onlyStaff() },
  { path: (f) => `/officer/deals/${f.dealRef}`, note: "/officer/deals/:reference", expect: onlyStaff() },
  { method: "POST", path: (f) => `/officer/deals/${f.dealRef}`, note: "/officer/deals/:reference confirm (bad form)", form: { intent: "confirm_payment", paymentId: "x" }, expect: onlyStaff(400) },
  { method: "POST", path: (f) => `/officer/deals/${f.dealRef}`, note: "/officer/deals/:reference terminate (no reason)", form: { intent: "terminate", reason: "" }, expect: onlyStaff(400) },
  { path: "/verify/license", expect: all(200) },
  { path: "/verify/offline", expect: all(200) },
  { path: (f) => `/verify/license?number=${f.licenseNumber}`, note: "/verify/license?number=", expect: all(302) },
  { path: (f) => `/verify/license/${f.licenseNumber}`, note: "/verify/license/:licenseNumber", expect: all(200) },
  { path: "/verify/license/JDZL-2026-000001-X", expect: all(400) },
  { path: (f) => `/api/v1/licenses/${f.licenseNumber}`, note: "/api/v1/licenses/:licenseNumber", expect: all(200) },
  { path: "/api/v1/licenses/not-a-number", expect: all(400) },
  { path: "/connect", expect: onlyArtisan(200) },
  { method: "POST", path: "/connect", note: "/connect without Stripe configured", expect: onlyArtisan(400) },
  { method: "POST", path: "/webhooks/stripe", note: "/webhooks/stripe without a signature", form: { id: "evt_1" }, expect: all(400) },
];
