/**
 * One registered work as the public work page needs it — the work, its makers, its views, its
 * published offers and its certificate (with the batch) — read by the catalog index in one SQL
 * statement (catalog-index-sqlite / -postgres), instead of four client queries per page view.
 *
 * The two databases return the nested parts differently (SQLite: JSON text with ISO dates;
 * PostgreSQL: parsed JSON, timestamps without a zone, which are UTC here); this decodes both
 * into the shapes the Prisma client would have returned, so the callers (getWorkForViewer,
 * getCertificateStatus) apply the same rules whatever read the row.
 */
import type { AnchorBatch, Certificate } from "@prisma/client";

/** How a column is decoded from either database's row (see the field tables below). */
type Decoder<T> = (v: unknown) => T;

const str: Decoder<string> = (v) => String(v);
const strOrNull: Decoder<string | null> = (v) => (v === null || v === undefined ? null : String(v));
const int: Decoder<number> = (v) => Number(v);
const intOrNull: Decoder<number | null> = (v) => (v === null || v === undefined ? null : Number(v));
const date: Decoder<Date> = (v) => {
  const d = storedDate(v);
  if (!d) throw new Error("a required time is missing");
  return d;
};
const dateOrNull: Decoder<Date | null> = (v) => storedDate(v);

type Fields = Record<string, Decoder<unknown>>;
type Decoded<F extends Fields> = { [K in keyof F]: F[K] extends Decoder<infer T> ? T : never };

/** Decodes `raw` field by field: each table below names a column once, for the SQL and for this. */
function decode<F extends Fields>(fields: F, raw: Record<string, unknown>): Decoded<F> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) out[key] = fields[key]!(raw[key]);
  return out as Decoded<F>;
}

const WORK_FIELDS = {
  id: str,
  status: str,
  visibility: str,
  titleZh: str,
  titleEn: str,
  descriptionZh: str,
  descriptionEn: str,
  category: str,
  /** JSON array of technique codes, as stored. */
  techniques: str,
  heightMm: intOrNull,
  widthMm: intOrNull,
  depthMm: intOrNull,
  creationDate: dateOrNull,
  ownerName: str,
  ownerUserId: strOrNull,
  ownerOrgId: strOrNull,
  registrationNumber: strOrNull,
  decisionReason: strOrNull,
  createdAt: date,
  submittedAt: dateOrNull,
  registeredAt: dateOrNull,
  revokedAt: dateOrNull,
};
const AUTHOR_FIELDS = { order: int, name: str, nameEn: str, role: str };
const VIEW_FIELDS = {
  id: str,
  kind: str,
  order: int,
  sha256: str,
  pdq: str,
  pdqQuality: int,
  phash: str,
  width: int,
  height: int,
  sizeBytes: int,
  mime: str,
};
const OFFER_FIELDS = { id: str, exclusivity: str, upfrontFeeFen: int, royaltyBps: int, createdAt: date };
const CERTIFICATE_FIELDS = {
  id: str,
  kind: str,
  number: str,
  workId: strOrNull,
  dealId: strOrNull,
  record: str,
  domain: str,
  signature: str,
  signerAddress: str,
  leaf: str,
  batchId: strOrNull,
  proof: strOrNull,
  createdAt: date,
};
const BATCH_FIELDS = {
  id: str,
  seq: int,
  root: str,
  count: int,
  auditHeadHash: strOrNull,
  status: str,
  chainId: intOrNull,
  contractAddress: strOrNull,
  txHash: strOrNull,
  rawTransaction: strOrNull,
  nonce: intOrNull,
  blockNumber: intOrNull,
  uri: (v: unknown) => String(v ?? ""),
  attempts: (v: unknown) => Number(v ?? 0),
  lastError: strOrNull,
  createdAt: date,
  anchoredAt: dateOrNull,
};

export type WorkRecordWork = Decoded<typeof WORK_FIELDS>;
export type WorkRecordView = Decoded<typeof VIEW_FIELDS>;

export type WorkRecord = {
  work: WorkRecordWork;
  /** In the work's order. */
  authors: { name: string; nameEn: string; role: string }[];
  /** In the work's order. */
  views: WorkRecordView[];
  /** Published offers, newest first. */
  offers: { id: string; exclusivity: string; upfrontFeeFen: number; royaltyBps: number }[];
  /** The certificate numbered like the work, with its batch. */
  certificate: (Certificate & { batch: AnchorBatch | null }) | null;
};

/** A stored time as a Date: a Date, epoch milliseconds, ISO text, or PostgreSQL's zone-less UTC text. */
export function storedDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  if (typeof v === "string") {
    // "2026-11-30T19:01:49.945" (PostgreSQL json of timestamp(3), stored in UTC) has no zone.
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(v) ? v : `${v.replace(" ", "T")}Z`;
    const d = new Date(zoned);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new Error(`not a stored time: ${String(v)}`);
}

const json = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));

type RawObject = Record<string, unknown>;

/** The statement's one row (see the catalog indexes) into a WorkRecord. */
export function workRecordFromRow(row: RawObject): WorkRecord {
  const work = decode(WORK_FIELDS, row);
  const authors = (json<RawObject[] | null>(row.authors) ?? [])
    .map((a) => decode(AUTHOR_FIELDS, a))
    .sort((a, b) => a.order - b.order)
    .map(({ name, nameEn, role }) => ({ name, nameEn, role }));
  const views = (json<RawObject[] | null>(row.views) ?? [])
    .map((v) => decode(VIEW_FIELDS, v))
    // Prisma's order: { order: "asc" } (ties in the database's order, here the id's).
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const offers = (json<RawObject[] | null>(row.offers) ?? [])
    .map((o) => decode(OFFER_FIELDS, o))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map(({ id, exclusivity, upfrontFeeFen, royaltyBps }) => ({ id, exclusivity, upfrontFeeFen, royaltyBps }));
  const c = json<RawObject | null>(row.certificate);
  const b = json<RawObject | null>(row.batch);
  const batch: AnchorBatch | null = b ? decode(BATCH_FIELDS, b) : null;
  const certificate = c ? { ...decode(CERTIFICATE_FIELDS, c), batch: c.batchId ? batch : null } : null;
  return { work, authors, views, offers, certificate };
}

/**
 * The statement, for a dialect: `object` builds a JSON object from `'key', value` pairs,
 * `array` aggregates objects. `?` is the registration number's placeholder.
 */
export function workRecordSql(dialect: { object: string; array: (obj: string) => string; placeholder: string }): string {
  const obj = (alias: string, fields: Fields) =>
    `${dialect.object}(${Object.keys(fields)
      .map((c) => `'${c}', ${alias}."${c}"`)
      .join(", ")})`;
  return `SELECT ${Object.keys(WORK_FIELDS)
    .map((c) => `w."${c}"`)
    .join(", ")},
  (SELECT ${dialect.array(obj("a", AUTHOR_FIELDS))} FROM "Author" a WHERE a."workId" = w."id") AS "authors",
  (SELECT ${dialect.array(obj("v", VIEW_FIELDS))} FROM "WorkView" v WHERE v."workId" = w."id") AS "views",
  (SELECT ${dialect.array(obj("o", OFFER_FIELDS))} FROM "LicenseOffer" o WHERE o."workId" = w."id" AND o."status" = 'published') AS "offers",
  (SELECT ${obj("c", CERTIFICATE_FIELDS)} FROM "Certificate" c WHERE c."number" = w."registrationNumber") AS "certificate",
  (SELECT ${obj("b", BATCH_FIELDS)} FROM "Certificate" c JOIN "AnchorBatch" b ON b."id" = c."batchId" WHERE c."number" = w."registrationNumber") AS "batch"
  FROM "Work" w WHERE w."registrationNumber" = ${dialect.placeholder}`;
}
