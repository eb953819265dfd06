import { PassThrough } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream, renderToStaticMarkup, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { documentHtml } from "./document-html.server";

/** A page of Chinese paragraphs: 3-byte characters, so some string crosses a 2,048-byte edge. */
function Page({ n }: { n: number }) {
  return createElement(
    "html",
    null,
    createElement(
      "body",
      null,
      Array.from({ length: n }, (_, i) => createElement("p", { key: i }, `第${i}段：瓷印在版权交易中心登记作品，陶瓷纹样的著作权`)),
    ),
  );
}

/** What streaming would have sent (the way entry.server.tsx rendered before). */
async function streamed(tree: React.ReactElement): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on("data", (c: Buffer) => parts.push(c));
  const ended = new Promise<void>((resolve) => out.on("end", resolve));
  const { pipe } = renderToPipeableStream(tree, { onAllReady: () => pipe(out) });
  await ended;
  return Buffer.concat(parts);
}

describe("documents are rendered to a string (document-html.server)", () => {
  it("streaming with React 18 really pads a 2,048-byte flush with NUL on Chinese pages (why documents are not streamed)", async () => {
    const bytes = await streamed(createElement(Page, { n: 200 }));
    expect(bytes.includes(0)).toBe(true);
    expect(bytes.toString("utf8")).toMatch(/[\u4e00-\u9fff]\u0000{1,3}[\u4e00-\u9fff]/u);
  });

  it("the string render of the same pages has no NUL, and is the streamed page without its padding", async () => {
    for (const n of [50, 200, 333]) {
      const html = documentHtml(renderToString(createElement(Page, { n })));
      const bytes = Buffer.from(html, "utf8");
      expect(bytes.includes(0)).toBe(false);
      expect(html.startsWith("<!DOCTYPE html><html>")).toBe(true);
      const padded = (await streamed(createElement(Page, { n }))).toString("utf8").replace(/\u0000/g, "");
      expect(html).toBe(padded);
      expect(html).toBe(`<!DOCTYPE html>${renderToStaticMarkup(createElement(Page, { n }))}`);
    }
  });

  it("a NUL that comes from data leaves as U+FFFD", () => {
    // React 18 does not escape U+0000 in text or attributes: a stored title with NUL would reach the page.
    const rendered = renderToString(createElement("p", { title: "a\u0000b" }, "青花\u0000瓷"));
    expect(rendered.includes("\u0000")).toBe(true);
    expect(documentHtml(rendered)).toBe('<!DOCTYPE html><p title="a\uFFFDb">青花\uFFFD瓷</p>');
  });
});
