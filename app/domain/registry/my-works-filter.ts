/** Paging and filters of the artisan's own work lists (/my/works and the dashboard). Pure. */
import { isWorkStatus, type WorkStatus } from "./vocabulary";

export const MY_WORKS_PER_PAGE = 20;

export type MyWorksFilter = { q: string; status: WorkStatus | null; page: number };

/** Reads `<prefix>q`, `<prefix>status`, `<prefix>page`; anything unknown falls back to "all", page 1. */
export function parseMyWorksFilter(params: URLSearchParams, prefix = ""): MyWorksFilter {
  const q = (params.get(`${prefix}q`) ?? "").trim().slice(0, 200);
  const s = params.get(`${prefix}status`) ?? "";
  const status = isWorkStatus(s) ? s : null;
  const n = Number(params.get(`${prefix}page`) ?? "1");
  const page = Number.isSafeInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
  return { q, status, page };
}

export function pageCount(total: number, perPage = MY_WORKS_PER_PAGE): number {
  return Math.max(1, Math.ceil(total / perPage));
}
