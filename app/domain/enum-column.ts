/**
 * String enums are stored as plain text columns (docs/decisions/013): reading one back narrows it
 * with the enum's type guard instead of an `as` cast, so a value the code does not know (a typo in
 * a migration, a row from a newer version) fails loudly where it is read rather than somewhere later.
 */
export function enumValue<T extends string>(isValue: (v: unknown) => v is T, value: string, what: string): T {
  if (isValue(value)) return value;
  throw new Error(`unknown ${what}: ${JSON.stringify(value)}`);
}

/** A JSON-list column of enum values (e.g. a deal's fields of use), each one narrowed. */
export function enumList<T extends string>(isValue: (v: unknown) => v is T, json: string, what: string): T[] {
  const list: unknown = JSON.parse(json);
  if (!Array.isArray(list)) throw new Error(`${what}: not a JSON list`);
  return list.map((v) => enumValue(isValue, String(v), what));
}
