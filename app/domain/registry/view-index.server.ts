/**
 * The process-wide PDQ similarity index over every view of a submitted or registered work
 * (the prior-art corpus). Loaded from the database on first use, then kept current by the
 * registry use-cases after their transactions commit (`indexWorkViews` / `unindexWork`).
 *
 * It lives on globalThis so the server and the Remix build (separate module graphs) share one.
 */
import { PdqSimilarityIndex } from "~/domain/imaging/similarity-index";
import type { Db, Tx } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";

/** Work statuses whose views are prior art for new uploads and for case matching. */
export const INDEXED_WORK_STATUSES = ["submitted", "registered"] as const;

type IndexHolder = { index: PdqSimilarityIndex; loading?: Promise<PdqSimilarityIndex> };
const g = globalThis as unknown as { __kilnmarkViewIndex?: IndexHolder };

async function loadIndex(db: Db | Tx): Promise<PdqSimilarityIndex> {
  const index = new PdqSimilarityIndex();
  const pageSize = 5000;
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.workView.findMany({
      where: { work: { status: { in: [...INDEXED_WORK_STATUSES] } } },
      select: { id: true, pdq: true },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    for (const r of rows) index.add(r.id, r.pdq);
    if (rows.length < pageSize) break;
    cursor = rows[rows.length - 1]!.id;
  }
  return index;
}

/** The shared index, loading it on first call. */
export async function getViewIndex(): Promise<PdqSimilarityIndex> {
  const holder = g.__kilnmarkViewIndex;
  if (holder?.index) return holder.index;
  if (holder?.loading) return holder.loading;
  const loading = loadIndex(prisma).then((index) => {
    g.__kilnmarkViewIndex = { index };
    return index;
  });
  g.__kilnmarkViewIndex = { loading } as IndexHolder;
  return loading;
}

/** Forget the index (tests switch databases; the next call reloads). */
export function resetViewIndex(): void {
  g.__kilnmarkViewIndex = undefined;
}

/** Call after the transaction that submitted/registered the work has committed. */
export async function indexWorkViews(views: readonly { id: string; pdq: string }[]): Promise<void> {
  const index = await getViewIndex();
  for (const v of views) index.add(v.id, v.pdq);
}

/** Call after a work leaves the prior-art corpus (back to draft, rejected, revoked, deleted). */
export async function unindexViews(viewIds: readonly string[]): Promise<void> {
  const index = await getViewIndex();
  for (const id of viewIds) index.remove(id);
}
