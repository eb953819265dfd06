import { formatRegistrationNumber } from "~/domain/registry/registration-number";
import { all, onlyArtisan, type AuthzRow } from "./types";

/** The registry's public side (catalog, work pages, /verify, public API) and the bulk import. */
const unknownNumber = formatRegistrationNumber(2026, 999_999);

export const rows: AuthzRow[] = [
  { path: "/works", expect: all(200) },
  { path: "/works?q=%E9%9D%92%E8%8A%B1&category=vase&technique=qinghua&owner=user:nobody&year=2026&page=2", expect: all(200) },
  { path: "/works?category=spaceship&page=-4&year=abc", note: "/works with malformed filters", expect: all(200) },
  { path: (f) => `/works/${f.publicNumber}`, note: "/works/:registrationNumber (public)", expect: all(200) },
  { path: (f) => `/works/${f.sealedNumber}`, note: "/works/:registrationNumber (sealed)", expect: all(200) },
  { path: "/works/not-a-number", expect: all(404) },
  { path: `/works/${unknownNumber}`, note: "/works/:registrationNumber (unknown)", expect: all(404) },
  { path: "/verify", expect: all(200) },
  { path: (f) => `/verify?number=${f.publicNumber}`, note: "/verify?number=", expect: all(200) },
  { path: "/verify?sha256=zz", expect: all(400) },
  { method: "POST", path: "/verify", note: "/verify photo (not multipart)", form: { photo: "x" }, expect: all(415) },
  { path: (f) => `/api/v1/works/${f.publicNumber}`, note: "/api/v1/works/:registrationNumber", expect: all(200) },
  { path: (f) => `/api/v1/works/${f.sealedNumber}`, note: "/api/v1/works/:registrationNumber (sealed)", expect: all(200) },
  { path: "/api/v1/works/not-a-number", expect: all(400) },
  { path: `/api/v1/works/${unknownNumber}`, note: "/api/v1/works/:registrationNumber (unknown)", expect: all(404) },
  { method: "POST", path: (f) => `/api/v1/works/${f.publicNumber}`, note: "POST /api/v1/works/:registrationNumber", expect: all(405) },
  { path: "/api/v1/match", expect: all(405) },
  { method: "POST", path: "/api/v1/match", note: "/api/v1/match (not multipart)", form: { image: "x" }, expect: all(415) },
  { path: "/my/import", expect: onlyArtisan(200) },
  { path: "/my/import/template.csv", expect: onlyArtisan(200) },
  { path: "/my/import?job=00000000-0000-0000-0000-000000000000", note: "/my/import?job= (unknown job)", expect: onlyArtisan(200) },
  { method: "POST", path: "/my/import", note: "/my/import (not multipart)", form: { csv: "x" }, expect: onlyArtisan(415) },
];
