import { describe, expect, it } from "vitest";
import { mulberry32 } from "~/domain/imaging/generate-demo-image.server";
import { MotifIndex } from "./motif-index";
import { hamming256, parseVocabulary, serializeVocabulary, wordsOf } from "./vocabulary";

const random = mulberry32(7);
const randomDescriptors = (n: number) => Uint8Array.from({ length: n * 32 }, () => Math.floor(random() * 256));

// A random vocabulary (8 x 8 x 8 = 512 words) is enough to test the index mechanics.
const vocab = parseVocabulary(serializeVocabulary(8, 3, new Uint32Array(randomDescriptors(8 + 64 + 512).buffer)));

describe("vocabulary", () => {
  it("round-trips and descends to the nearest centre at each level", () => {
    expect(vocab.words).toBe(512);
    const d = randomDescriptors(1);
    const [w] = wordsOf(vocab, d);
    const u = new Uint32Array(d.buffer);
    // the chosen leaf's first-level ancestor is the nearest first-level centre
    const first = Math.floor(w! / 64);
    const dists = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => hamming256(u, 0, vocab.centres, c * 8));
    expect(dists[first]).toBe(Math.min(...dists));
  });
});

describe("MotifIndex", () => {
  const views = Array.from({ length: 50 }, (_, i) => ({ id: `v${i}`, desc: randomDescriptors(60) }));
  const index = new MotifIndex(vocab, { wordsPerView: 60, stopFraction: 1 });
  for (const v of views) index.add(v.id, v.desc);

  it("ranks the view whose words the query shares first, per variant", () => {
    const part = views[17]!.desc.slice(0, 30 * 32);
    const noise = randomDescriptors(30);
    const q = new Uint8Array(60 * 32);
    q.set(part);
    q.set(noise, 30 * 32);
    const [best] = index.query([wordsOf(vocab, noise), wordsOf(vocab, q)], 5);
    expect(best).toMatchObject({ id: "v17", variant: 1 });
  });

  it("filters with accept and forgets removed views", () => {
    const q = wordsOf(vocab, views[3]!.desc);
    expect(index.query([q], 3, (id) => id !== "v3")[0]!.id).not.toBe("v3");
    index.remove("v3");
    expect(index.query([q], 3).map((c) => c.id)).not.toContain("v3");
    expect(index.size).toBe(49);
    index.add("v3", views[3]!.desc);
    expect(index.query([q], 1)[0]!.id).toBe("v3");
    expect(index.size).toBe(50);
  });
});
