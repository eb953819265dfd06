import type { AuthzRow } from "./types";

export const rows: AuthzRow[] = [];
