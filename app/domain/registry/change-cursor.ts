/**
 * Position in a monotonic change feed (the similarity index's ViewIndexChange table), safe for
 * sequences that commit out of order. On SQLite one writer commits at a time, so sequence values
 * appear in order; on PostgreSQL a transaction holding seq 41 may commit after one holding 42.
 * A reader that jumped to 42 would never see 41, so the cursor only moves over contiguous values
 * and waits `gapWaitMs` for a missing one (which is either still in flight or rolled back and
 * gone for good) before stepping over it. Entries seen beyond a gap are remembered so they are
 * applied once.
 */
export class ChangeCursor {
  private seenAbove = new Set<number>();
  private gapSince = new Map<number, number>();

  constructor(
    public position: number,
    private readonly gapWaitMs = 10_000,
  ) {}

  /**
   * Takes the sequence numbers read after `position` (ascending) and returns those not applied
   * yet; advances `position` as far as the contiguous (or timed-out) prefix allows.
   */
  accept(seqs: readonly number[], now = Date.now()): number[] {
    const fresh = seqs.filter((s) => s > this.position && !this.seenAbove.has(s));
    for (const s of fresh) this.seenAbove.add(s);
    const top = Math.max(this.position, ...this.seenAbove);
    // Every missing value below the highest seen starts its wait now (not one after the other).
    for (let s = this.position + 1; s < top; s++) if (!this.seenAbove.has(s) && !this.gapSince.has(s)) this.gapSince.set(s, now);
    while (this.position < top) {
      const next = this.position + 1;
      if (this.seenAbove.delete(next)) {
        this.position = next;
        continue;
      }
      if (now - (this.gapSince.get(next) ?? now) < this.gapWaitMs) break;
      this.gapSince.delete(next); // rolled back: step over it
      this.position = next;
    }
    return fresh;
  }

  /** How far the feed has run ahead of the position (a huge gap means the reader fell behind a prune). */
  gapAhead(seqs: readonly number[]): number {
    return seqs.length ? seqs[0]! - this.position - 1 : 0;
  }

  /** True while a missing sequence value holds the position back. */
  get waiting(): boolean {
    return this.seenAbove.size > 0;
  }
}
