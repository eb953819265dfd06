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
    for (let next = this.position + 1; next <= top; next++) {
      if (this.seenAbove.delete(next)) {
        this.gapSince.delete(next);
        this.position = next;
        continue;
      }
      const since = this.gapSince.get(next) ?? now;
      this.gapSince.set(next, since);
      if (now - since < this.gapWaitMs) break;
      this.gapSince.delete(next); // rolled back: step over it
      this.position = next;
    }
    return fresh;
  }

  /** True while a missing sequence value holds the position back. */
  get waiting(): boolean {
    return this.seenAbove.size > 0;
  }
}
