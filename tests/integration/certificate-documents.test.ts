/**
 * Certificate PDFs as the routes serve them: a sealed work's title never appears on its licence
 * (or registration) certificate; a public work's does.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, createTestUser, type TestDb } from "../setup/test-db";
import { completeProfile, terms } from "../setup/factories-licensing";
import { createCertifiedWork } from "../setup/factories-certificates";
import { licenseCertificateDocument } from "~/domain/anchoring/certificate-documents.server";
import { registrationCertificateDocument } from "~/domain/anchoring/certificate-documents.server";
import { createOffer } from "~/domain/licensing/create-offer.server";
import { requestDeal } from "~/domain/licensing/request-deal.server";
import { approveDeal } from "~/domain/licensing/approve-deal.server";

const POPPLER = spawnSync("sh", ["-c", "command -v pdftotext"]).status === 0;
let t: TestDb;
let dir: string;
let artisan: Awaited<ReturnType<typeof createTestUser>>;
let officer: Awaited<ReturnType<typeof createTestUser>>;
let licensee: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  delete process.env.REGISTRY_PRIVATE_KEY;
  t = await createTestDb();
  artisan = await createTestUser(t.db, "artisan");
  officer = await createTestUser(t.db, "officer");
  licensee = await createTestUser(t.db, "licensee");
  await completeProfile(t.db, licensee.id);
  dir = mkdtempSync(path.join(tmpdir(), "kilnmark-certdoc-"));
});
afterAll(async () => {
  await t?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The text a reader (or a search engine) gets out of the PDF. */
function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

/** The document info Title is UTF-16BE hex or a literal: check both. */
function metadataMentions(pdf: Buffer, text: string): boolean {
  const hex = Buffer.from("\ufeff" + text, "utf16le")
    .swap16()
    .toString("hex")
    .toUpperCase()
    .slice(4);
  const raw = pdf.toString("latin1").toUpperCase();
  return raw.includes(hex) || pdf.includes(Buffer.from(text));
}

async function licensedWork(title: string, visibility: "public" | "sealed") {
  const { work } = await createCertifiedWork(t.db, { ownerUserId: artisan.id, title });
  const free = { upfrontFeeFen: 0, royaltyBps: 0, minimumGuaranteeFen: 0 };
  const offer = await createOffer({ db: t.db, actorId: artisan.id, workId: work.id, terms: terms(free) });
  const deal = await requestDeal({ db: t.db, actorId: licensee.id, offerId: offer.id, terms: terms(free) });
  await approveDeal({ db: t.db, actorId: officer.id, dealId: deal.id, paymentMethod: "offline" });
  // Sealing after the licence: the certificate is rendered from the work as it is now.
  if (visibility === "sealed") await t.db.work.update({ where: { id: work.id }, data: { visibility: "sealed" } });
  return { work, deal: await t.db.deal.findUniqueOrThrow({ where: { id: deal.id } }) };
}

describe.skipIf(!POPPLER)("certificate PDFs of sealed works", () => {
  it("the licence PDF of a sealed work prints no title (text or metadata); a public one does", async () => {
    const sealed = await licensedWork("秘色瓷秘密茶盏", "sealed");
    const got = await licenseCertificateDocument({
      reference: sealed.deal.reference,
      user: { id: licensee.id, roles: ["licensee"] },
      origin: "https://kilnmark.example",
    });
    expect(got).not.toBeNull();
    const text = pdfText(got!.pdf, "sealed-license");
    expect(text).toContain(got!.licenseNumber);
    expect(text).toContain(sealed.work.registrationNumber!);
    expect(text).toContain("已登记作品（详情密封）");
    expect(text).toContain("Registered work (details sealed)");
    expect(text).not.toContain("秘色瓷");
    expect(text).not.toContain("秘密茶盏 (en)");
    expect(metadataMentions(got!.pdf, "秘色瓷秘密茶盏")).toBe(false);

    const open = await licensedWork("青花公开梅瓶", "public");
    const pub = await licenseCertificateDocument({
      reference: open.deal.reference,
      user: { id: licensee.id, roles: ["licensee"] },
      origin: "https://kilnmark.example",
    });
    const pubText = pdfText(pub!.pdf, "public-license");
    expect(pubText).toContain("青花公开梅瓶");
    expect(pubText).not.toContain("详情密封");
  });

  it("the registration PDF of a sealed work prints no title either", async () => {
    const sealed = await licensedWork("秘色瓷第二件藏品", "sealed");
    const pdf = await registrationCertificateDocument({ registrationNumber: sealed.work.registrationNumber!, origin: "https://kilnmark.example" });
    expect(pdf).not.toBeNull();
    const text = pdfText(pdf!, "sealed-registration");
    expect(text).toContain(sealed.work.registrationNumber!);
    expect(text).not.toContain("秘色瓷第二件藏品");
  });
});
