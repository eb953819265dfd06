/** Case statuses that count as "open" (not yet decided). Kept apart so pages need not load the state machine. */
export const OPEN_CASE_STATUSES = ["reported", "triage", "investigating", "notice_sent", "mediation"] as const;
