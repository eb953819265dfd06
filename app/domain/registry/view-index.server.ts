/**
 * The process-wide PDQ similarity index over every view of a submitted or registered work
 * (the prior-art corpus). Loaded from the database on first use, then kept current two ways:
 * - this process's registry use-cases apply their own changes right after commit
 *   (`indexWorkViews` / `unindexViews`), so the next request already sees them;
 * - every process polls the change feed (ViewIndexChange, appended by database triggers inside
 *   the writer's transaction — see app/startup/view-index-triggers.server.ts) by its monotonic
 *   seq twice a second, and reconciles the views named there with their current rows.
 *   So an import script, or another app instance, is seen within ~1 s without a full reload.
 *
 * It lives on globalThis so the server and the Remix build (separate module graphs) share one.
 */
import { PdqSimilarityIndex } from "~/domain/imaging/similarity-index";
import type { Db, Tx } from "~/utils/db.server";
import { dialect, prisma } from "~/utils/db.server";
import { ChangeCursor } from "./change-cursor";

/** Work statuses whose views are prior art for new uploads and for case matching. */
export const INDEXED_WORK_STATUSES = ["submitted", "registered"] as const;

const VIEW_INDEX_POLL_MS = 500;
const BATCH = 1000;
/** More missing sequence values than this ahead of the cursor cannot be in-flight commits. */
const MAX_GAP = 100_000;

type IndexHolder = {
  index?: PdqSimilarityIndex;
  loading?: Promise<PdqSimilarityIndex>;
  cursor?: ChangeCursor;
  timer?: ReturnType<typeof setInterval>;
  polling?: Promise<number>;
  lastErrorLogAt?: number;
};
const g = globalThis as unknown as { __kilnmarkViewIndex?: IndexHolder };

async function feedHead(db: Db | Tx): Promise<number> {
  const last = await db.viewIndexChange.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  return last?.seq ?? 0;
}

async function loadIndex(db: Db | Tx): Promise<{ index: PdqSimilarityIndex; head: number }> {
  // The feed position is read first: a change committed during the load is replayed (harmless).
  const head = await feedHead(db);
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
  return { index, head };
}

/** The shared index, loading it on first call (and starting the change-feed poll). */
export async function getViewIndex(): Promise<PdqSimilarityIndex> {
  const holder = g.__kilnmarkViewIndex;
  if (holder?.index) return holder.index;
  if (holder?.loading) return holder.loading;
  const fresh: IndexHolder = {};
  fresh.loading = loadIndex(prisma).then(({ index, head }) => {
    if (g.__kilnmarkViewIndex !== fresh) return index; // reset meanwhile
    fresh.index = index;
    fresh.cursor = new ChangeCursor(head);
    fresh.loading = undefined;
    fresh.timer = setInterval(() => {
      if (fresh.polling) return;
      void pollHolder(fresh).catch((e) => {
        // Once a minute at most: a database that is away for a while should not flood the log.
        if (Date.now() - (fresh.lastErrorLogAt ?? 0) < 60_000) return;
        fresh.lastErrorLogAt = Date.now();
        console.error("[view-index] change-feed poll failed", e);
      });
    }, VIEW_INDEX_POLL_MS);
    fresh.timer.unref?.();
    return index;
  });
  g.__kilnmarkViewIndex = fresh;
  fresh.loading.catch(() => {
    if (g.__kilnmarkViewIndex === fresh) g.__kilnmarkViewIndex = undefined;
  });
  return fresh.loading;
}

async function pollHolder(holder: IndexHolder): Promise<number> {
  if (holder.polling) return holder.polling;
  holder.polling = (async () => {
    let applied = 0;
    for (;;) {
      const { index, cursor } = holder;
      if (!index || !cursor || g.__kilnmarkViewIndex !== holder) return applied;
      const rows = await prisma.viewIndexChange.findMany({
        where: { seq: { gt: cursor.position } },
        orderBy: { seq: "asc" },
        take: BATCH,
        select: { seq: true, viewId: true },
      });
      if (cursor.gapAhead(rows.map((r) => r.seq)) > MAX_GAP) {
        // Entries this process never read were pruned (it was stalled for a day): reload.
        const fresh = await loadIndex(prisma);
        if (g.__kilnmarkViewIndex !== holder) return applied;
        holder.index = fresh.index;
        holder.cursor = new ChangeCursor(fresh.head);
        console.warn("[view-index] fell behind the change feed; reloaded");
        return applied;
      }
      const fresh = new Set(cursor.accept(rows.map((r) => r.seq)));
      const viewIds = [...new Set(rows.filter((r) => fresh.has(r.seq)).map((r) => r.viewId))];
      if (viewIds.length) applied += await reconcile(index, viewIds);
      if (rows.length < BATCH || cursor.waiting) return applied;
    }
  })().finally(() => {
    holder.polling = undefined;
  });
  return holder.polling;
}

/** Brings the named views in line with their rows: indexed iff the view exists and its work is in the corpus. */
async function reconcile(index: PdqSimilarityIndex, viewIds: readonly string[]): Promise<number> {
  const rows = await prisma.workView.findMany({
    where: { id: { in: [...viewIds] } },
    select: { id: true, pdq: true, work: { select: { status: true } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  let changed = 0;
  for (const id of viewIds) {
    const row = byId.get(id);
    const wanted = row && (INDEXED_WORK_STATUSES as readonly string[]).includes(row.work.status);
    if (wanted && !index.has(id)) {
      index.add(id, row.pdq);
      changed++;
    } else if (!wanted && index.remove(id)) changed++;
  }
  return changed;
}

/**
 * Reads the change feed now instead of waiting for the next tick; returns how many index
 * entries changed. (Tests; a caller that must see another process's write immediately.)
 */
export async function syncViewIndex(): Promise<number> {
  await getViewIndex();
  const holder = g.__kilnmarkViewIndex;
  return holder ? pollHolder(holder) : 0;
}

/** Forget the index and stop its poll (tests switch databases; the next call reloads). */
export function resetViewIndex(): void {
  const holder = g.__kilnmarkViewIndex;
  if (holder?.timer) clearInterval(holder.timer);
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

/** Drops feed entries every process has long read (the poll runs every second). */
export async function pruneViewIndexChanges({ olderThanMs = 24 * 3600_000, db = prisma }: { olderThanMs?: number; db?: Db } = {}): Promise<number> {
  const seconds = Math.max(0, Math.floor(olderThanMs / 1000));
  if (dialect() === "postgres") {
    return db.$executeRawUnsafe(`DELETE FROM "ViewIndexChange" WHERE "createdAt" < now() - make_interval(secs => $1::double precision)`, seconds);
  }
  // createdAt is written by the SQLite triggers as CURRENT_TIMESTAMP text ("YYYY-MM-DD HH:MM:SS", UTC).
  return db.$executeRawUnsafe(`DELETE FROM "ViewIndexChange" WHERE "createdAt" < datetime('now', ?)`, `-${seconds} seconds`);
}
