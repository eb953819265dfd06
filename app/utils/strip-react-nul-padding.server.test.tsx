import { PassThrough, type Writable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream, renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { REACT_VIEW_SIZE, unpaddedChunk, unpaddedDocument, withoutNul } from "./strip-react-nul-padding.server";

/** A page of Chinese paragraphs: 3-byte characters, so some string crosses the 2,048-byte edge. */
function Page({ n }: { n: number }) {
  return createElement(
    "main",
    null,
    Array.from({ length: n }, (_, i) => createElement("p", { key: i }, `第${i}段：瓷印在版权交易中心登记作品，陶瓷纹样的著作权`)),
  );
}

async function render(tree: React.ReactElement, strip: boolean): Promise<{ bytes: Buffer; chunks: number[] }> {
  const chunks: number[] = [];
  const parts: Buffer[] = [];
  let body!: Promise<Buffer>;
  let dest: Writable;
  if (strip) {
    // What entry.server.tsx renders into.
    body = new Promise((resolve) => (dest = unpaddedDocument((bytes) => resolve(Buffer.from(bytes)))));
  } else {
    const out = new PassThrough();
    out.on("data", (c: Buffer) => parts.push(c));
    body = new Promise((resolve, reject) => {
      out.on("end", () => resolve(Buffer.concat(parts)));
      out.on("error", reject);
    });
    dest = out;
  }
  // Record the sizes React writes (before any stripping).
  const write = dest!.write.bind(dest!);
  dest!.write = ((chunk: Uint8Array, ...rest: never[]) => {
    chunks.push(chunk.byteLength);
    return write(chunk, ...rest);
  }) as typeof dest.write;
  await new Promise<void>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(tree, {
      onAllReady() {
        pipe(dest);
        resolve();
      },
      onShellError: reject,
    });
  });
  return { bytes: await body, chunks };
}

describe("React 18 NUL padding", () => {
  it("React 18 really pads a 2,048-byte flush with NUL when a character straddles the edge (the bug)", async () => {
    const { bytes, chunks } = await render(createElement(Page, { n: 200 }), false);
    expect(chunks.some((c) => c === REACT_VIEW_SIZE)).toBe(true);
    expect(bytes.includes(0)).toBe(true);
    // e.g. "…登\0记…": a NUL between two Chinese characters.
    expect(bytes.toString("utf8")).toMatch(/[\u4e00-\u9fff]\u0000{1,3}[\u4e00-\u9fff]/u);
  });

  it("through unpaddedDocument the page has no NUL, is valid UTF-8 and equals the non-streamed render", async () => {
    for (const n of [50, 200, 333]) {
      const { bytes } = await render(createElement(Page, { n }), true);
      expect(bytes.includes(0)).toBe(false);
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      expect(text).toBe(renderToStaticMarkup(createElement(Page, { n })));
    }
  });

  it("touches only full 2,048-byte chunks, and at most their last 3 zero bytes", () => {
    const full = new Uint8Array(REACT_VIEW_SIZE).fill(0x41);
    full.fill(0, REACT_VIEW_SIZE - 2);
    expect(unpaddedChunk(full).byteLength).toBe(REACT_VIEW_SIZE - 2);
    const allZero = new Uint8Array(REACT_VIEW_SIZE);
    expect(unpaddedChunk(allZero).byteLength).toBe(REACT_VIEW_SIZE - 3);
    const short = new Uint8Array([0x41, 0, 0]);
    expect(unpaddedChunk(short)).toBe(short);
    const noPad = new Uint8Array(REACT_VIEW_SIZE).fill(0x42);
    expect(unpaddedChunk(noPad)).toBe(noPad);
  });

  it("a NUL that comes from data (not padding) leaves as U+FFFD; the page stays valid UTF-8", async () => {
    // React 18 does not escape U+0000 in text or attributes: a stored title with NUL would reach the page.
    const tree = createElement("p", { title: "a\u0000b" }, "青花\u0000瓷");
    const raw = await render(tree, false);
    expect(raw.bytes.includes(0)).toBe(true);
    const { bytes } = await render(tree, true);
    expect(bytes.includes(0)).toBe(false);
    expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toBe('<p title="a\uFFFDb">青花\uFFFD瓷</p>');
    expect(Buffer.from(withoutNul(Buffer.from([0x41, 0, 0x42, 0])))).toEqual(Buffer.from("A\uFFFDB\uFFFD", "utf8"));
  });
});
