/** Pieces every list page shares: the empty state and the pager. */
import { Link, useSearchParams } from "@remix-run/react";
import { useT } from "~/utils/use-t";

/** What a list shows when it has nothing; `plain` drops the dashed box (lists inside a card). */
export function EmptyState({ children, plain = false }: { children: React.ReactNode; plain?: boolean }) {
  return (
    <p className={plain ? "muted" : "muted rounded-md border border-dashed border-slate-300 p-4 text-center"} data-testid="empty-state">
      {children}
    </p>
  );
}

/**
 * Previous / next links that keep the page's other query parameters. Between them either `summary`
 * ("page 2 of 7") or, without it, the page numbers with gaps (1 … 4 5 [6] 7 8 … 20).
 */
export function Pager({ page, pages, label, summary, testId }: { page: number; pages: number; label: string; summary?: string; testId?: string }) {
  const { t } = useT();
  const [params] = useSearchParams();
  if (pages <= 1) return null;
  const pageLink = (p: number) => {
    const q = new URLSearchParams(params);
    q.set("page", String(p));
    return `?${q}`;
  };
  return (
    <nav className="flex flex-wrap items-center gap-2" aria-label={label} data-testid={testId}>
      {page > 1 ? (
        <Link className="btn-secondary" to={pageLink(page - 1)}>
          {t("common.action.previous")}
        </Link>
      ) : null}
      {summary !== undefined ? (
        <span className="muted">{summary}</span>
      ) : (
        pageNumbers(page, pages).map((p, i) =>
          p === null ? (
            <span key={`gap-${i}`} className="muted">
              …
            </span>
          ) : p === page ? (
            <span key={p} aria-current="page" className="btn bg-cobalt-600 text-white">
              {p}
            </span>
          ) : (
            <Link key={p} to={pageLink(p)} className="btn-secondary">
              {p}
            </Link>
          ),
        )
      )}
      {page < pages ? (
        <Link className="btn-secondary" to={pageLink(page + 1)}>
          {t("common.action.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/** 1 … 4 5 [6] 7 8 … 20 */
export function pageNumbers(page: number, pages: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) out.push(p);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}
