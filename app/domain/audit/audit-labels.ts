/**
 * How the audit page names an event: the stored action (`area.object.verb`) looked up in the audit
 * namespace, a case transition by the case event's own label, and otherwise the stored name
 * itself, so a new action is never hidden. Pure: used by the page and its test.
 */
import { hasKey } from "~/utils/i18n";
import { CASE_EVENT_TYPES } from "~/domain/cases/case-state";

export function auditActionKey(action: string): string | null {
  if (hasKey(`audit.action.${action}`)) return `audit.action.${action}`;
  const caseEvent = /^case\.([a-z_]+)$/.exec(action)?.[1];
  if (caseEvent && (CASE_EVENT_TYPES as readonly string[]).includes(caseEvent)) return `cases.event.${caseEvent}`;
  return null;
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
    return { key: key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase(), value: text.length > 120 ? `${text.slice(0, 117)}…` : text };
  });
}
