/**
 * The refused-upload corpus sent over HTTP to the real server: to the work form (as an artisan,
 * in Chinese) and to the public match API (in English). Each gets a 4xx with the message in the
 * requester's language, nothing is stored (no Work row, no file under DATA_DIR), and the server
 * keeps answering.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { generateCeramicImage } from "~/domain/imaging/generate-demo-image.server";
import { translate } from "~/utils/i18n";
import { badUploadCorpus } from "../setup/bad-uploads";
import { DEMO, HttpClient, scalarFromDb } from "./helpers";

const corpus = badUploadCorpus(() => generateCeramicImage(4242, "famille-rose"));
const dataDir = () => inject("dataDir");

function storedFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dataDir(), p));
    }
  };
  for (const d of ["originals", "derivatives", "evidence"]) walk(path.join(dataDir(), d));
  return out.sort();
}

const workCount = () => scalarFromDb('SELECT COUNT(*) AS n FROM "Work"');

async function healthy(client: HttpClient) {
  const res = await client.request("/resources/healthcheck");
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

describe("bad uploads over HTTP", () => {
  let artisan: HttpClient;
  beforeAll(async () => {
    artisan = await new HttpClient().login(DEMO.artisan3);
  });

  it.each(Object.keys(corpus))("work form: %s → 4xx in Chinese, nothing stored", async (name) => {
    const bytes = await corpus[name]!();
    const front = await generateCeramicImage(5000 + Object.keys(corpus).indexOf(name), "blue-and-white");
    const files = storedFiles();
    const works = await workCount();
    const form = new FormData();
    form.set("titleZh", `坏文件 ${name}`);
    form.set("category", "vase");
    form.set("owner", "self");
    form.set("visibility", "public");
    form.set("authors[0].name", "徐玲珑");
    form.set("intent", "submit");
    form.set("file_front", new Blob([new Uint8Array(front)], { type: "image/png" }), "front.png");
    form.set("file_detail", new Blob([new Uint8Array(bytes)], { type: "image/jpeg" }), "evil.jpg");
    const res = await artisan.request("/works/new", { method: "POST", body: form, headers: { "Accept-Language": "zh-CN" } });
    const html = await res.text();
    expect(res.status, html.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    // The message names the file (oversize bodies are refused before the file is read).
    if (res.status !== 413) expect(html).toContain("evil.jpg");
    expect(html).toMatch(/[\u4e00-\u9fff]/);
    expect(await workCount()).toBe(works);
    expect(storedFiles()).toEqual(files);
    await healthy(artisan);
  });

  it.each(Object.keys(corpus))("match API: %s → 4xx JSON error in English, nothing stored", async (name) => {
    const bytes = await corpus[name]!();
    const files = storedFiles();
    const form = new FormData();
    form.set("image", new Blob([new Uint8Array(bytes)], { type: "image/jpeg" }), "suspect.jpg");
    const anon = new HttpClient();
    const res = await anon.request("/api/v1/match", { method: "POST", body: form, headers: { "Accept-Language": "en" } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(body.error.message).not.toMatch(/[\u4e00-\u9fff]/);
    expect(body.error.message).not.toMatch(/^imaging\./); // translated, not a raw key
    expect(storedFiles()).toEqual(files);
    await healthy(anon);
  });

  it("the unsupported-type message is the imaging one, in each language", async () => {
    const form = new FormData();
    form.set("image", new Blob([Buffer.from("<svg/>")], { type: "image/svg+xml" }), "x.svg");
    const res = await new HttpClient().request("/api/v1/match", { method: "POST", body: form, headers: { "Accept-Language": "zh-CN" } });
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toBe(translate("zh-CN", "imaging.error.unsupportedType"));
  });
});
