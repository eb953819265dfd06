/**
 * Candidate stage of the motif matcher: an inverted index from visual words to the views that
 * contain them, scored tf-idf (histogram intersection of the query's and the view's tf-idf
 * vectors), so a query is verified geometrically against its best few candidates instead of
 * every stored view.
 *
 * Each view is indexed by the words of its strongest `wordsPerView` keypoints (the feature set is
 * stored strongest first); views therefore have comparable word counts and need no length
 * normalisation. Words present in more than `stopFraction` of the views are skipped at query time
 * (they carry almost no information and cost the most: MOTIF_STOP_FRACTION). Memory: ~5 bytes per (view, word) posting.
 */
import { wordsOf, type Vocabulary } from "./vocabulary";

/**
 * Words in more than this share of the views are skipped at query time. At 100,000 views of 800
 * words over 13,824 words a posting list averages ~6% of the views; the longest lists cost the
 * most and, with idf² ≤ ln(25)² ≈ 10 against ~80 for a rare word, decide almost nothing.
 */
const MOTIF_STOP_FRACTION = 0.04;

type Posting = { views: Uint32Array; tf: Uint8Array; len: number };

export type MotifCandidate = { id: string; variant: number; score: number };

export class MotifIndex {
  private ids: string[] = [];
  private numOf = new Map<string, number>();
  private alive = new Uint8Array(1024);
  private postings: (Posting | undefined)[];
  private live = 0;
  private scores = new Float32Array(0);
  private touched = new Uint32Array(0);

  constructor(
    readonly vocab: Vocabulary,
    readonly options: { wordsPerView?: number; stopFraction?: number } = {},
  ) {
    this.postings = new Array(vocab.words);
  }

  get size(): number {
    return this.live;
  }

  has(id: string): boolean {
    const n = this.numOf.get(id);
    return n !== undefined && this.alive[n] === 1;
  }

  /** Words used for a view (strongest keypoints first). */
  viewWords(descriptors: Uint8Array): Uint32Array {
    return wordsOf(this.vocab, descriptors, this.options.wordsPerView ?? 800);
  }

  add(id: string, descriptors: Uint8Array): void {
    this.addWords(id, this.viewWords(descriptors));
  }

  addWords(id: string, words: Uint32Array): void {
    if (this.has(id)) return;
    let num = this.numOf.get(id);
    if (num === undefined) {
      num = this.ids.length;
      this.ids.push(id);
      this.numOf.set(id, num);
      if (num >= this.alive.length) {
        const grown = new Uint8Array(this.alive.length * 2);
        grown.set(this.alive);
        this.alive = grown;
      }
    } else {
      // Re-added after removal: its old postings were left in place; drop them first.
      this.purge(num);
    }
    this.alive[num] = 1;
    this.live++;
    const tf = new Map<number, number>();
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const [w, count] of tf) {
      let p = this.postings[w];
      if (!p) p = this.postings[w] = { views: new Uint32Array(4), tf: new Uint8Array(4), len: 0 };
      if (p.len === p.views.length) {
        const v = new Uint32Array(p.len * 2);
        v.set(p.views);
        const t = new Uint8Array(p.len * 2);
        t.set(p.tf);
        p.views = v;
        p.tf = t;
      }
      p.views[p.len] = num;
      p.tf[p.len] = Math.min(255, count);
      p.len++;
    }
  }

  remove(id: string): void {
    const n = this.numOf.get(id);
    if (n === undefined || this.alive[n] !== 1) return;
    this.alive[n] = 0;
    this.live--;
  }

  private purge(num: number): void {
    for (const p of this.postings) {
      if (!p) continue;
      let j = 0;
      for (let i = 0; i < p.len; i++) {
        if (p.views[i] === num) continue;
        p.views[j] = p.views[i]!;
        p.tf[j] = p.tf[i]!;
        j++;
      }
      p.len = j;
    }
  }

  /**
   * Best `limit` (view, variant) pairs for the query's variants (e.g. as sent and mirrored),
   * highest score first. `accept` filters views (e.g. registered works only) before the cut.
   */
  query(variants: readonly Uint32Array[], limit: number, accept?: (id: string) => boolean): MotifCandidate[] {
    const n = this.ids.length;
    if (n === 0 || this.live === 0) return [];
    if (this.scores.length < n) this.scores = new Float32Array(Math.max(n, this.scores.length * 2));
    const scores = this.scores;
    const stopAt = Math.max(50, (this.options.stopFraction ?? MOTIF_STOP_FRACTION) * this.live);
    // A binary min-heap of the best `limit` so far: the root is the cut to beat.
    const heap: MotifCandidate[] = [];
    const siftDown = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]!.score < heap[m]!.score) m = l;
        if (r < heap.length && heap[r]!.score < heap[m]!.score) m = r;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    };
    const push = (c: MotifCandidate) => {
      if (heap.length < limit) {
        heap.push(c);
        for (let i = heap.length - 1; i > 0;) {
          const parent = (i - 1) >> 1;
          if (heap[parent]!.score <= heap[i]!.score) break;
          [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
          i = parent;
        }
      } else if (c.score > heap[0]!.score) {
        heap[0] = c;
        siftDown(0);
      }
    };
    variants.forEach((words, variant) => {
      const tfq = new Map<number, number>();
      for (const w of words) tfq.set(w, (tfq.get(w) ?? 0) + 1);
      if (this.touched.length < n) this.touched = new Uint32Array(Math.max(n, this.touched.length * 2));
      const touched = this.touched;
      let nt = 0;
      for (const [w, q] of tfq) {
        const p = this.postings[w];
        if (!p || p.len === 0 || p.len > stopAt) continue;
        // idf squared: the tf-idf weight of the word on both sides of the dot product.
        const idf = Math.log(this.live / p.len) ** 2;
        const views = p.views;
        const len = p.len;
        if (q === 1) {
          // The common case (a word once in the query): min(1, tf) = 1.
          for (let i = 0; i < len; i++) {
            const v = views[i]!;
            if (scores[v] === 0) touched[nt++] = v;
            scores[v] += idf;
          }
        } else {
          const tf = p.tf;
          for (let i = 0; i < len; i++) {
            const v = views[i]!;
            if (scores[v] === 0) touched[nt++] = v;
            scores[v] += idf * Math.min(q, tf[i]!);
          }
        }
      }
      // Only views that beat the current cut are looked at further.
      for (let ti = 0; ti < nt; ti++) {
        const v = touched[ti]!;
        const s = scores[v]!;
        scores[v] = 0;
        if (this.alive[v] !== 1) continue;
        if (heap.length === limit && s <= heap[0]!.score) continue;
        const id = this.ids[v]!;
        if (accept && !accept(id)) continue;
        push({ id, variant, score: s });
      }
    });
    return heap.sort((a, b) => b.score - a.score);
  }

  /** Shrinks every posting list to its length (after a bulk load). */
  compact(): void {
    for (const p of this.postings) {
      if (!p || p.views.length === p.len) continue;
      p.views = p.views.slice(0, p.len);
      p.tf = p.tf.slice(0, p.len);
    }
  }

  /** Approximate heap bytes of the postings. */
  memoryBytes(): number {
    let bytes = 0;
    for (const p of this.postings) if (p) bytes += p.views.byteLength + p.tf.byteLength + 64;
    return bytes + this.ids.length * 80 + this.alive.byteLength;
  }
}
