/**
 * How the audit page names an event, from the same definitions recordAuditEvent is typed over
 * (audit-events.ts): each known action by its label (a case transition by the case event's own
 * label); an unknown stored action (none today) by its stored name, so nothing is ever hidden.
 * Pure: used by the page and its test.
 */
import { hasKey } from "~/utils/i18n";
import { auditActionLabelKey, isAuditAction } from "./audit-events";

export function auditActionKey(action: string): string | null {
  if (!isAuditAction(action)) return null;
  const key = auditActionLabelKey(action);
  return hasKey(key) ? key : null;
}

export function auditEntityKey(entityType: string): string | null {
  return hasKey(`audit.entity.${entityType}`) ? `audit.entity.${entityType}` : null;
}

/** The record's fields for display: top-level keys with short, readable values. */
export function auditFields(data: string): { key: string; value: string }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return [{ key: "", value: data }];
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return [{ key: "", value: String(parsed) }];
  return Object.entries(parsed as Record<string, unknown>).map(([key, v]) => {
    const text = v === null ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v);
    return {
      key: key
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .replace(/_/g, " ")
        .toLowerCase(),
      value: text.length > 120 ? `${text.slice(0, 117)}…` : text,
    };
  });
}
