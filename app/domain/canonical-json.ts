/**
 * Canonical JSON (RFC 8785, the JSON Canonicalization Scheme) — the one serialisation behind
 * every hash someone else must reproduce: certificate records and their EIP-712 domain, licence
 * terms (termsHash), the audit chain's preimages and stored data, catalog import documents.
 *
 * RFC 8785: object members sorted by their names' UTF-16 code units, no whitespace, numbers as
 * ECMAScript prints them (what JSON.stringify does), strings escaped as JSON.stringify does.
 * The test beside this file checks it against the `canonicalize` reference package on random
 * values, and pins the bytes of what was issued before this module existed.
 *
 * Beyond plain JSON values, decided once for all callers (the audit copy's rules; certificate
 * records and terms never hold such values, and rows already hashed keep verifying):
 * - Dates become their ISO string (as `toJSON` gives); bigints become a decimal *string*;
 * - an undefined member is left out; an undefined array element becomes null;
 * - a string with a lone surrogate is escaped (\udxxx) as JSON.stringify does, where RFC 8785
 *   would refuse it: text already stored must still hash the same;
 * - NaN and ±Infinity are refused.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, new Set());
}

function serialize(value: unknown, seen: Set<object>): string {
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: NaN and Infinity have no JSON form");
      return JSON.stringify(value);
    case "bigint":
      return JSON.stringify(value.toString());
    case "undefined":
      return "null";
    case "object":
      break;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
  if (value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (seen.has(value)) throw new TypeError("canonicalJson: circular structure");
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((v) => serialize(v, seen)).join(",")}]`;
  } else {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort() // default sort compares UTF-16 code units, as RFC 8785 §3.2.3 asks
      .map((k) => `${JSON.stringify(k)}:${serialize(record[k], seen)}`);
    out = `{${members.join(",")}}`;
  }
  seen.delete(value);
  return out;
}
