import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { translate } from "~/utils/i18n";
import { readMultipartUpload } from "~/web/image-upload.server";
import {
  BODY_LIMITS,
  configureUploadBudget,
  readBodyBytes,
  readForm,
  readJson,
  readMultipart,
  readPageForm,
  uploadBytesHeld,
} from "~/utils/request-body.server";

const KB = 1024;
const MB = 1024 * KB;
const BOUNDARY = "----kilnmarkTestBoundary7MA4YWxkTrZu0gW";
const enc = new TextEncoder();

/**
 * A request whose body is produced on demand (chunked: no Content-Length), counting how many
 * bytes the reader actually pulled, so a test can tell that reading stopped at the cap.
 */
function streamingRequest(chunks: () => Iterator<Uint8Array>, headers: Record<string, string>) {
  const it = chunks();
  const stats = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = it.next();
        if (next.done) return controller.close();
        stats.pulled += next.value.byteLength;
        controller.enqueue(next.value);
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://localhost/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  expect(request.headers.get("Content-Length")).toBeNull();
  return { request, stats };
}

function* repeat(chunk: Uint8Array, times = Infinity) {
  for (let i = 0; i < times; i++) yield chunk;
}

function part(name: string, value: string | Uint8Array, filename?: string, type = "image/jpeg"): Uint8Array[] {
  const disposition = `form-data; name="${name}"` + (filename !== undefined ? `; filename="${filename}"` : "");
  const head = `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n` + (filename !== undefined ? `Content-Type: ${type}\r\n` : "") + "\r\n";
  return [enc.encode(head), typeof value === "string" ? enc.encode(value) : value, enc.encode("\r\n")];
}
const end = () => enc.encode(`--${BOUNDARY}--\r\n`);
const multipartHeaders = { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` };

function multipartRequest(parts: Uint8Array[][]) {
  return streamingRequest(() => [...parts.flat(), end()][Symbol.iterator](), multipartHeaders);
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

describe("byte cap while streaming", () => {
  it("stops a chunked body (no Content-Length) right after the cap, without cancelling the socket", async () => {
    const { request, stats } = streamingRequest(() => repeat(new Uint8Array(16 * KB)), { "Content-Type": "application/json" });
    const e = await refusal(readBodyBytes(request, BODY_LIMITS.webhook));
    expect(e.status).toBe(413);
    expect(e.messageKey).toBe("http.body.tooLarge");
    expect(translate("en", e.messageKey, e.params)).toContain("1 MB");
    expect(translate("zh-CN", e.messageKey, e.params)).toContain("请求内容过大");
    expect(stats.pulled).toBeLessThanOrEqual(BODY_LIMITS.webhook + 16 * KB);
    expect(stats.cancelled).toBe(false);
  });

  it("refuses a declared Content-Length over the cap before reading a byte", async () => {
    let pulled = 0;
    const body = new ReadableStream({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(1024))) }, { highWaterMark: 0 });
    const request = new Request("http://localhost/x", { method: "POST", body, duplex: "half", headers: { "Content-Length": String(700 * MB) } } as RequestInit);
    expect((await refusal(readBodyBytes(request, MB))).status).toBe(413);
    expect(pulled).toBe(0);
  });

  it("still counts when Content-Length lies low", async () => {
    const body = new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(64 * KB)) }, { highWaterMark: 0 });
    const request = new Request("http://localhost/x", { method: "POST", body, duplex: "half", headers: { "Content-Length": "10" } } as RequestInit);
    expect((await refusal(readBodyBytes(request, MB))).status).toBe(413);
  });

  it("returns the body byte-exact under the cap (webhook signatures)", async () => {
    const raw = enc.encode('{"id":"evt_1","data":{"note":"青花 \\u00e9"}}  \n');
    const { request } = streamingRequest(() => [raw.subarray(0, 7), raw.subarray(7)][Symbol.iterator](), {});
    expect(Buffer.compare(await readBodyBytes(request, BODY_LIMITS.webhook), Buffer.from(raw))).toBe(0);
  });

  it("JSON: capped and checked", async () => {
    const ok = streamingRequest(() => [enc.encode('{"a":[1,2]}')][Symbol.iterator](), { "Content-Type": "application/json" });
    expect(await readJson(ok.request)).toEqual({ a: [1, 2] });
    const bad = streamingRequest(() => [enc.encode("{nope")][Symbol.iterator](), { "Content-Type": "application/json" });
    expect((await refusal(readJson(bad.request))).status).toBe(400);
    const big = streamingRequest(() => repeat(enc.encode(" ".repeat(8 * KB))), { "Content-Type": "application/json" });
    expect((await refusal(readJson(big.request))).status).toBe(413);
    expect(big.stats.pulled).toBeLessThanOrEqual(BODY_LIMITS.json + 8 * KB);
  });
});

describe("forms without files", () => {
  it("reads a url-encoded form", async () => {
    const { request } = streamingRequest(() => [enc.encode("email=a%40b.c&name=%E5%BE%90&x=1&x=2")][Symbol.iterator](), {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    const form = await readForm(request);
    expect(form.get("email")).toBe("a@b.c");
    expect(form.get("name")).toBe("徐");
    expect(form.getAll("x")).toEqual(["1", "2"]);
  });

  it("refuses text with a NUL character, url-encoded or multipart, naming the field", async () => {
    const { request } = streamingRequest(() => [enc.encode("titleZh=%E9%9D%92%00%E8%8A%B1&x=1")][Symbol.iterator](), {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    const e = await refusal(readForm(request));
    expect(e.status).toBe(400);
    expect(translate("en", e.messageKey, e.params)).toContain("titleZh");
    const e2 = await refusal(readMultipart(multipartRequest([part("description", "a\u0000b")]).request));
    expect(e2.messageKey).toBe("http.body.nulInField");
    // ordinary text is untouched
    const ok = await readMultipart(multipartRequest([part("description", "青花 ✓")]).request);
    expect(ok.get("description")).toBe("青花 ✓");
  });

  it("refuses a url-encoded flood at 1 MB", async () => {
    const { request, stats } = streamingRequest(() => repeat(enc.encode("a=" + "x".repeat(32 * KB) + "&")), {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect((await refusal(readForm(request))).status).toBe(413);
    expect(stats.pulled).toBeLessThan(BODY_LIMITS.form + 40 * KB);
  });

  it("refuses files in a plain form and other body types", async () => {
    const withFile = multipartRequest([part("a", "1"), part("f", new Uint8Array(10), "x.jpg")]);
    expect((await refusal(readForm(withFile.request))).messageKey).toBe("catalog.upload.tooManyFiles");
    const xml = streamingRequest(() => [enc.encode("<a/>")][Symbol.iterator](), { "Content-Type": "application/xml" });
    expect((await refusal(readForm(xml.request))).status).toBe(415);
  });

  it("page actions get a thrown 413 response with the message in the requester's language", async () => {
    const { request } = streamingRequest(() => repeat(enc.encode("a=" + "x".repeat(32 * KB))), {
      "Content-Type": "application/x-www-form-urlencoded",
      "Accept-Language": "zh-CN,zh;q=0.9",
    });
    const thrown = await readPageForm(request).then(
      () => null,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(Response);
    const res = thrown as Response;
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toBe("请求内容过大：此处最多接受 1 MB。");
  });
});

describe("multipart", () => {
  const photo = new Uint8Array(300 * KB).fill(7);

  it("reads fields and files; file names with = ; quotes and Chinese survive", async () => {
    const names = ["a=b.jpg", "x;y.jpg", 'say "hi".jpg', "青花瓷 碗.jpg"];
    const { request } = multipartRequest([
      part("titleZh", "青花缠枝莲纹瓶"),
      ...names.map((n, i) => part(`file_${i}`, photo, n.replace(/"/g, "%22"))),
      part("file_empty", new Uint8Array(0), ""),
    ]);
    const form = await readMultipart(request, { maxFiles: 4 });
    expect(form.get("titleZh")).toBe("青花缠枝莲纹瓶");
    names.forEach((n, i) => {
      const f = form.get(`file_${i}`) as File;
      expect(f).toBeInstanceOf(File);
      expect(f.name).toBe(n);
      expect(f.size).toBe(photo.byteLength);
      expect(f.type).toBe("image/jpeg");
    });
    expect(form.has("file_empty")).toBe(false);
  });

  it("round-trips what undici's FormData sends, tricky names included", async () => {
    const fd = new FormData();
    fd.set("note", "a=b; c");
    fd.set("image", new Blob([photo], { type: "image/png" }), 'a=b;c "d" 青.png');
    const request = new Request("http://localhost/x", { method: "POST", body: fd });
    const form = await readMultipartUpload(request);
    expect(form.get("note")).toBe("a=b; c");
    expect((form.get("image") as File).name).toBe('a=b;c "d" 青.png');
    expect(new Uint8Array(await (form.get("image") as File).arrayBuffer())).toEqual(photo);
  });

  it("refuses an oversize text part (64 KB) with a 413 naming the field", async () => {
    const { request } = multipartRequest([part("titleZh", "x".repeat(64 * KB + 1)), part("image", photo, "a.jpg")]);
    const e = await refusal(readMultipart(request));
    expect(e.status).toBe(413);
    expect(e.messageKey).toBe("http.body.fieldTooLarge");
    expect(translate("en", e.messageKey, e.params)).toBe("The field “titleZh” is too long: at most 64 KB.");
  });

  it("an endless text field is refused right at 64 KB, naming the field (not at the 25 MB file cap)", async () => {
    const { request, stats } = streamingRequest(function* () {
      yield* part("intent", "submit");
      yield enc.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="description"\r\n\r\n`);
      yield* repeat(enc.encode("z".repeat(8 * KB)));
    }, multipartHeaders);
    const e = await refusal(readMultipart(request, { maxFiles: 1 }));
    expect(e.status).toBe(413);
    expect(translate("zh-CN", e.messageKey, e.params)).toBe("字段“description”过长：最多 64 KB。");
    expect(stats.pulled).toBeLessThan(64 * KB + 16 * KB);
  });

  it("a file may be large where a text field may not, in the same form", async () => {
    const big = new Uint8Array(3 * MB).fill(9);
    const { request } = multipartRequest([part("note", "x".repeat(64 * KB)), part("image", big, "big.jpg"), part("after", "ok")]);
    const form = await readMultipart(request, { maxFileBytes: 4 * MB });
    expect((form.get("note") as string).length).toBe(64 * KB);
    expect((form.get("image") as File).size).toBe(3 * MB);
    expect(form.get("after")).toBe("ok");
  });

  it("parses the same whatever the chunking (boundaries and headers cut anywhere)", async () => {
    const body = Buffer.concat(
      [
        part("a", "1"),
        part("titleZh", "青花缠枝莲纹瓶 ".repeat(50)),
        part(
          "file_front",
          new Uint8Array(5000).map((_, i) => (i * 31) % 256),
          "a=b;c.jpg",
        ),
        part("empty", ""),
        part("file_side", enc.encode(`--${BOUNDARY.slice(0, 10)}\r\n--`), "青.png", "image/png"),
        [end()],
      ].flat(),
    );
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: body.length - 1 }), { maxLength: 40 }), async (cuts) => {
        const points = [0, ...cuts.sort((x, y) => x - y), body.length];
        const chunks = points.slice(1).map((p, i) => body.subarray(points[i], p));
        const { request } = streamingRequest(() => chunks[Symbol.iterator](), multipartHeaders);
        const form = await readMultipart(request, { maxFiles: 2, maxTextBytes: 2 * KB });
        expect(form.get("a")).toBe("1");
        expect(form.get("titleZh")).toBe("青花缠枝莲纹瓶 ".repeat(50));
        expect(form.get("empty")).toBe("");
        expect((form.get("file_front") as File).name).toBe("a=b;c.jpg");
        expect((form.get("file_front") as File).size).toBe(5000);
        expect((form.get("file_side") as File).name).toBe("青.png");
        expect(new TextDecoder().decode(await (form.get("file_side") as File).arrayBuffer())).toBe(`--${BOUNDARY.slice(0, 10)}\r\n--`);
      }),
      { numRuns: 150 },
    );
  });

  it("the final CRLF after the closing delimiter may come in a chunk of its own", async () => {
    const chunks = [...part("a", "1").map((c) => Buffer.from(c)), Buffer.from(`--${BOUNDARY}--`), Buffer.from("\r\n")];
    const { request } = streamingRequest(() => chunks[Symbol.iterator](), multipartHeaders);
    expect((await readMultipart(request)).get("a")).toBe("1");
  });

  it("a chunked flood of large text parts stops at the body cap", async () => {
    const chunk = enc.encode("y".repeat(64 * KB));
    function* flood() {
      for (let i = 0; ; i++) {
        yield enc.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="t${i}"\r\n\r\n`);
        for (let j = 0; j < 200; j++) yield chunk; // 12.5 MB per part, never closed
      }
    }
    const { request, stats } = streamingRequest(flood, multipartHeaders);
    const e = await refusal(readMultipart(request, { maxFiles: 1, maxBodyBytes: 4 * MB }));
    expect(e.status).toBe(413);
    expect(stats.pulled).toBeLessThanOrEqual(4 * MB + 64 * KB + 100);
  });

  it("refuses too many parts", async () => {
    const { request, stats } = streamingRequest(function* () {
      for (let i = 0; ; i++) yield* part(`f${i}`, "v");
    }, multipartHeaders);
    const e = await refusal(readMultipart(request, { maxFiles: 1, maxParts: 50 }));
    expect(e.status).toBe(413);
    expect(e.messageKey).toBe("http.body.tooManyParts");
    expect(translate("zh-CN", e.messageKey, e.params)).toBe("表单部分过多：最多 50 个。");
    expect(stats.pulled).toBeLessThan(50 * 200);
  });

  it("refuses too many files", async () => {
    const { request } = multipartRequest([part("a", photo, "1.jpg"), part("b", photo, "2.jpg"), part("c", photo, "3.jpg")]);
    const e = await refusal(readMultipart(request, { maxFiles: 2 }));
    expect(e.messageKey).toBe("catalog.upload.tooManyFiles");
  });

  it("refuses an oversize file while it streams, before the rest arrives", async () => {
    const { request, stats } = streamingRequest(function* () {
      yield* part("a", "1");
      yield enc.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
      yield* repeat(new Uint8Array(256 * KB));
    }, multipartHeaders);
    const e = await refusal(readMultipart(request, { maxFileBytes: 2 * MB, maxFiles: 1 }));
    expect(e.status).toBe(413);
    expect(e.messageKey).toBe("imaging.error.tooLarge");
    expect(translate("en", e.messageKey, e.params)).toContain("at most 2 MB");
    expect(stats.pulled).toBeLessThanOrEqual(2 * MB + 512 * KB);
  });

  it("an exactly-at-cap file passes", async () => {
    const exact = new Uint8Array(MB).fill(1);
    const { request } = multipartRequest([part("image", exact, "ok.jpg")]);
    const form = await readMultipart(request, { maxFileBytes: MB });
    expect((form.get("image") as File).size).toBe(MB);
  });

  it("a broken body is a 400, not a 500", async () => {
    const cut = multipartRequest([part("a", "1")]);
    // no closing boundary
    const truncated = streamingRequest(() => part("a", "1")[Symbol.iterator](), multipartHeaders);
    expect((await refusal(readMultipart(truncated.request))).status).toBe(400);
    expect((await readMultipart(cut.request)).get("a")).toBe("1");
    const noBoundary = streamingRequest(() => [enc.encode("x")][Symbol.iterator](), { "Content-Type": "multipart/form-data" });
    expect((await refusal(readMultipart(noBoundary.request))).status).toBe(400);
    const garbage = streamingRequest(() => [enc.encode("hello world, no boundary here at all")][Symbol.iterator](), multipartHeaders);
    expect((await refusal(readMultipart(garbage.request))).status).toBe(400);
    const notMultipart = streamingRequest(() => [enc.encode("a=1")][Symbol.iterator](), { "Content-Type": "application/x-www-form-urlencoded" });
    expect((await refusal(readMultipart(notMultipart.request))).status).toBe(415);
  });
});

describe("process-wide upload budget", () => {
  afterEach(() => configureUploadBudget({ bytes: 160 * MB, waitMs: 20_000 }));

  /** A multipart body that sends `before` bytes of a file, then waits for `gate` before ending. */
  function gatedUpload(before: number, gate: Promise<void>) {
    const chunk = new Uint8Array(64 * KB);
    async function* body() {
      yield enc.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\n\r\n`);
      for (let sent = 0; sent < before; sent += chunk.byteLength) yield chunk;
      await gate;
      yield enc.encode(`\r\n--${BOUNDARY}--\r\n`);
    }
    const it = body();
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(c) {
          const n = await it.next();
          if (n.done) c.close();
          else c.enqueue(n.value);
        },
      },
      { highWaterMark: 0 },
    );
    return new Request("http://localhost/x", { method: "POST", body: stream, duplex: "half", headers: multipartHeaders } as RequestInit);
  }

  it("a second upload waits while the first holds the budget, then proceeds", async () => {
    configureUploadBudget({ bytes: 2 * MB, waitMs: 10_000 });
    let openA!: () => void;
    const a = readMultipart(gatedUpload(2 * MB - 128 * KB, new Promise<void>((r) => (openA = r))), { maxFileBytes: 4 * MB });
    await new Promise((r) => setTimeout(r, 100));
    expect(uploadBytesHeld()).toBeGreaterThan(MB);
    let bDone = false;
    const b = readMultipart(gatedUpload(MB, Promise.resolve()), { maxFileBytes: 4 * MB }).then((f) => ((bDone = true), f));
    await new Promise((r) => setTimeout(r, 400));
    expect(bDone).toBe(false); // waiting, not reading
    openA();
    expect(((await a).get("image") as File).size).toBeGreaterThan(MB);
    expect(((await b).get("image") as File).size).toBe(MB);
    expect(uploadBytesHeld()).toBe(0);
  });

  it("gives up with a localized 503 when the budget stays spent", async () => {
    configureUploadBudget({ bytes: MB, waitMs: 300 });
    let openA!: () => void;
    const a = readMultipart(gatedUpload(MB, new Promise<void>((r) => (openA = r))), { maxFileBytes: 4 * MB });
    await new Promise((r) => setTimeout(r, 100));
    const e = await refusal(readMultipart(gatedUpload(MB, Promise.resolve()), { maxFileBytes: 4 * MB }));
    expect(e.status).toBe(503);
    expect(translate("zh-CN", e.messageKey, e.params)).toContain("服务器正忙");
    openA();
    expect(((await a).get("image") as File).size).toBe(MB); // the first, alone over the budget, was never blocked
    expect(uploadBytesHeld()).toBe(0);
  });

  it("a refused upload gives its bytes back", async () => {
    const { request } = streamingRequest(() => repeat(new Uint8Array(256 * KB)), multipartHeaders);
    await refusal(readMultipart(request, { maxBodyBytes: 3 * MB }));
    expect(uploadBytesHeld()).toBe(0);
  });
});
