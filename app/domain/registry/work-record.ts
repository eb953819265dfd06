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

export type WorkRecordWork = {
  id: string;
  status: string;
  visibility: string;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  category: string;
  /** JSON array of technique codes, as stored. */
  techniques: string;
  heightMm: number | null;
  widthMm: number | null;
  depthMm: number | null;
  creationDate: Date | null;
  ownerName: string;
  ownerUserId: string | null;
  ownerOrgId: string | null;
  registrationNumber: string | null;
  decisionReason: string | null;
  createdAt: Date;
  submittedAt: Date | null;
  registeredAt: Date | null;
  revokedAt: Date | null;
};

export type WorkRecordView = {
  id: string;
  kind: string;
  order: number;
  sha256: string;
  pdq: string;
  pdqQuality: number;
  phash: string;
  width: number;
  height: number;
  sizeBytes: number;
  mime: string;
};

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

const requiredDate = (v: unknown): Date => {
  const d = storedDate(v);
  if (!d) throw new Error("a required time is missing");
  return d;
};

const json = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));
const int = (v: unknown): number => Number(v);
const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

type RawObject = Record<string, unknown>;

/** The statement's one row (see the catalog indexes) into a WorkRecord. */
export function workRecordFromRow(row: RawObject): WorkRecord {
  const work: WorkRecordWork = {
    id: String(row.id),
    status: String(row.status),
    visibility: String(row.visibility),
    titleZh: String(row.titleZh),
    titleEn: String(row.titleEn),
    descriptionZh: String(row.descriptionZh),
    descriptionEn: String(row.descriptionEn),
    category: String(row.category),
    techniques: String(row.techniques),
    heightMm: intOrNull(row.heightMm),
    widthMm: intOrNull(row.widthMm),
    depthMm: intOrNull(row.depthMm),
    creationDate: storedDate(row.creationDate),
    ownerName: String(row.ownerName),
    ownerUserId: (row.ownerUserId as string | null) ?? null,
    ownerOrgId: (row.ownerOrgId as string | null) ?? null,
    registrationNumber: (row.registrationNumber as string | null) ?? null,
    decisionReason: (row.decisionReason as string | null) ?? null,
    createdAt: requiredDate(row.createdAt),
    submittedAt: storedDate(row.submittedAt),
    registeredAt: storedDate(row.registeredAt),
    revokedAt: storedDate(row.revokedAt),
  };
  const authors = (json<RawObject[] | null>(row.authors) ?? [])
    .map((a) => ({ order: int(a.order), name: String(a.name), nameEn: String(a.nameEn), role: String(a.role) }))
    .sort((a, b) => a.order - b.order)
    .map(({ name, nameEn, role }) => ({ name, nameEn, role }));
  const views = (json<RawObject[] | null>(row.views) ?? [])
    .map((v): WorkRecordView => ({
      id: String(v.id),
      kind: String(v.kind),
      order: int(v.order),
      sha256: String(v.sha256),
      pdq: String(v.pdq),
      pdqQuality: int(v.pdqQuality),
      phash: String(v.phash),
      width: int(v.width),
      height: int(v.height),
      sizeBytes: int(v.sizeBytes),
      mime: String(v.mime),
    }))
    // Prisma's order: { order: "asc" } (ties in the database's order, here the id's).
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const offers = (json<RawObject[] | null>(row.offers) ?? [])
    .map((o) => ({
      id: String(o.id),
      exclusivity: String(o.exclusivity),
      upfrontFeeFen: int(o.upfrontFeeFen),
      royaltyBps: int(o.royaltyBps),
      createdAt: requiredDate(o.createdAt).getTime(),
    }))
    .sort((a, b) => b.createdAt - a.createdAt)
    .map(({ id, exclusivity, upfrontFeeFen, royaltyBps }) => ({ id, exclusivity, upfrontFeeFen, royaltyBps }));
  const c = json<RawObject | null>(row.certificate);
  const b = json<RawObject | null>(row.batch);
  const batch: AnchorBatch | null = b
    ? {
        id: String(b.id),
        seq: int(b.seq),
        root: String(b.root),
        count: int(b.count),
        auditHeadHash: (b.auditHeadHash as string | null) ?? null,
        status: String(b.status),
        chainId: intOrNull(b.chainId),
        contractAddress: (b.contractAddress as string | null) ?? null,
        txHash: (b.txHash as string | null) ?? null,
        rawTransaction: (b.rawTransaction as string | null) ?? null,
        nonce: intOrNull(b.nonce),
        blockNumber: intOrNull(b.blockNumber),
        uri: String(b.uri ?? ""),
        attempts: int(b.attempts ?? 0),
        lastError: (b.lastError as string | null) ?? null,
        createdAt: requiredDate(b.createdAt),
        anchoredAt: storedDate(b.anchoredAt),
      }
    : null;
  const certificate = c
    ? {
        id: String(c.id),
        kind: String(c.kind),
        number: String(c.number),
        workId: (c.workId as string | null) ?? null,
        dealId: (c.dealId as string | null) ?? null,
        record: String(c.record),
        domain: String(c.domain),
        signature: String(c.signature),
        signerAddress: String(c.signerAddress),
        leaf: String(c.leaf),
        batchId: (c.batchId as string | null) ?? null,
        proof: (c.proof as string | null) ?? null,
        createdAt: requiredDate(c.createdAt),
        batch: c.batchId ? batch : null,
      }
    : null;
  return { work, authors, views, offers, certificate };
}

/** Column lists the two statements share (quoted identifiers read the same in both SQL dialects). */
export const WORK_RECORD_COLUMNS = [
  "id",
  "status",
  "visibility",
  "titleZh",
  "titleEn",
  "descriptionZh",
  "descriptionEn",
  "category",
  "techniques",
  "heightMm",
  "widthMm",
  "depthMm",
  "creationDate",
  "ownerName",
  "ownerUserId",
  "ownerOrgId",
  "registrationNumber",
  "decisionReason",
  "createdAt",
  "submittedAt",
  "registeredAt",
  "revokedAt",
] as const;
export const AUTHOR_COLUMNS = ["order", "name", "nameEn", "role"] as const;
export const VIEW_COLUMNS = ["id", "kind", "order", "sha256", "pdq", "pdqQuality", "phash", "width", "height", "sizeBytes", "mime"] as const;
export const OFFER_COLUMNS = ["id", "exclusivity", "upfrontFeeFen", "royaltyBps", "createdAt"] as const;
export const CERTIFICATE_COLUMNS = [
  "id",
  "kind",
  "number",
  "workId",
  "dealId",
  "record",
  "domain",
  "signature",
  "signerAddress",
  "leaf",
  "batchId",
  "proof",
  "createdAt",
] as const;
export const BATCH_COLUMNS = [
  "id",
  "seq",
  "root",
  "count",
  "auditHeadHash",
  "status",
  "chainId",
  "contractAddress",
  "txHash",
  "rawTransaction",
  "nonce",
  "blockNumber",
  "uri",
  "attempts",
  "lastError",
  "createdAt",
  "anchoredAt",
] as const;

/**
 * The statement, for a dialect: `object` builds a JSON object from `'key', value` pairs,
 * `array` aggregates objects. `?` is the registration number's placeholder.
 */
export function workRecordSql(dialect: { object: string; array: (obj: string) => string; placeholder: string }): string {
  const obj = (alias: string, cols: readonly string[]) => `${dialect.object}(${cols.map((c) => `'${c}', ${alias}."${c}"`).join(", ")})`;
  return `SELECT ${WORK_RECORD_COLUMNS.map((c) => `w."${c}"`).join(", ")},
  (SELECT ${dialect.array(obj("a", AUTHOR_COLUMNS))} FROM "Author" a WHERE a."workId" = w."id") AS "authors",
  (SELECT ${dialect.array(obj("v", VIEW_COLUMNS))} FROM "WorkView" v WHERE v."workId" = w."id") AS "views",
  (SELECT ${dialect.array(obj("o", OFFER_COLUMNS))} FROM "LicenseOffer" o WHERE o."workId" = w."id" AND o."status" = 'published') AS "offers",
  (SELECT ${obj("c", CERTIFICATE_COLUMNS)} FROM "Certificate" c WHERE c."number" = w."registrationNumber") AS "certificate",
  (SELECT ${obj("b", BATCH_COLUMNS)} FROM "Certificate" c JOIN "AnchorBatch" b ON b."id" = c."batchId" WHERE c."number" = w."registrationNumber") AS "batch"
  FROM "Work" w WHERE w."registrationNumber" = ${dialect.placeholder}`;
}
