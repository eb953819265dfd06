import { describe, expect, it } from "vitest";
import { mayRevealWork, paperWorkTitle, redactWork, WORK_SURFACES, type WorkFace, type WorkSurface, type WorkViewer } from "./sealed-work";

/** Viewer kinds as the surfaces know them; a case party or a licensee is, for the sealed rule, a stranger. */
const VIEWERS: Record<string, WorkViewer> = {
  anonymous: { isOfficer: false, managesWork: false },
  "signed-in stranger": { isOfficer: false, managesWork: false },
  "case party / licensee": { isOfficer: false, managesWork: false },
  manager: { isOfficer: false, managesWork: true },
  officer: { isOfficer: true, managesWork: false },
};
const ENTITLED = new Set(["manager", "officer"]);

/** What a surface shows: "all" details, the sealed register facts ("number+owner") or the bare reference ("number"). */
type Shown = "all" | "number+owner" | "number";

/** The table, written out by hand: for a sealed work, what strangers and what entitled viewers see on each surface. */
const SEALED: Record<WorkSurface, { stranger: Shown; entitled: Shown }> = {
  workPage: { stranger: "number+owner", entitled: "all" },
  catalog: { stranger: "number+owner", entitled: "number+owner" },
  publicApi: { stranger: "number+owner", entitled: "number+owner" },
  publicMatch: { stranger: "number+owner", entitled: "number+owner" },
  registrationCertificate: { stranger: "number+owner", entitled: "number+owner" },
  caseNotice: { stranger: "number+owner", entitled: "number+owner" },
  reportSearch: { stranger: "number", entitled: "number" },
  caseView: { stranger: "number", entitled: "all" },
  offerOrDeal: { stranger: "number", entitled: "number" },
  publicLicence: { stranger: "number", entitled: "number" },
  licenceCertificate: { stranger: "number", entitled: "number" },
  paymentReceipt: { stranger: "number", entitled: "number" },
  payoutStatement: { stranger: "number", entitled: "number" },
  checkout: { stranger: "number", entitled: "number" },
};

const work = (visibility: "public" | "sealed") => ({
  visibility,
  registrationNumber: "JDZ-2026-000123",
  ownerName: "陈青工作室",
  titleZh: "青花缠枝莲纹梅瓶",
  titleEn: "Lotus meiping",
  descriptionZh: "手绘",
  descriptionEn: "Hand-painted",
  category: "vase",
  techniques: '["qinghua"]',
  authors: [{ name: "陈青", nameEn: "Chen Qing" }],
  creationDate: new Date("2025-03-01T00:00:00Z"),
  imageSha256: "ab".repeat(32),
});

function shown(face: WorkFace): Shown | "inconsistent" {
  const details = [face.title, face.description, face.category, face.techniques, face.authors, face.creationDate, face.imageSha256];
  if (details.every((d) => d !== null) && face.ownerName && face.revealed) return "all";
  if (details.some((d) => d !== null) || face.revealed) return "inconsistent";
  return face.ownerName ? "number+owner" : "number";
}

describe("the sealed rule, viewer kind × sealed/public × surface", () => {
  it("names every surface in the table", () => {
    expect(Object.keys(SEALED).sort()).toEqual(Object.keys(WORK_SURFACES).sort());
  });

  for (const surface of Object.keys(WORK_SURFACES) as WorkSurface[]) {
    for (const [kind, viewer] of Object.entries(VIEWERS)) {
      it(`${surface}: ${kind}`, () => {
        const pub = redactWork(work("public"), surface, viewer);
        expect(shown(pub)).toBe("all");
        expect(pub).toMatchObject({
          sealed: false,
          registrationNumber: "JDZ-2026-000123",
          title: { zh: "青花缠枝莲纹梅瓶", en: "Lotus meiping" },
          techniques: ["qinghua"],
        });

        const sealed = redactWork(work("sealed"), surface, viewer);
        expect(sealed.sealed).toBe(true);
        expect(sealed.registrationNumber).toBe("JDZ-2026-000123");
        expect(shown(sealed)).toBe(SEALED[surface][ENTITLED.has(kind) ? "entitled" : "stranger"]);
      });
    }
  }

  it("without a viewer, a surface treats the reader as a stranger", () => {
    expect(shown(redactWork(work("sealed"), "workPage"))).toBe("number+owner");
    expect(shown(redactWork(work("sealed"), "caseView"))).toBe("number");
  });

  it("mayRevealWork: public to all; sealed to officers and managers only", () => {
    expect(mayRevealWork({ visibility: "public" }, VIEWERS.anonymous!)).toBe(true);
    expect(mayRevealWork({ visibility: "sealed" }, VIEWERS.anonymous!)).toBe(false);
    expect(mayRevealWork({ visibility: "sealed" }, VIEWERS.manager!)).toBe(true);
    expect(mayRevealWork({ visibility: "sealed" }, VIEWERS.officer!)).toBe(true);
  });

  it("a sealed work's title on paper reads 'details sealed' in both languages", () => {
    expect(paperWorkTitle(redactWork(work("sealed"), "paymentReceipt"))).toEqual({ zh: "已登记作品（详情密封）", en: "Registered work (details sealed)" });
    expect(paperWorkTitle(redactWork(work("public"), "paymentReceipt"))).toEqual({ zh: "青花缠枝莲纹梅瓶", en: "Lotus meiping" });
  });

  it("techniques stored as JSON or given as a list read the same", () => {
    expect(redactWork({ ...work("public"), techniques: ["qinghua", "fencai"] }, "catalog").techniques).toEqual(["qinghua", "fencai"]);
    expect(redactWork({ ...work("public"), techniques: "not json" }, "catalog").techniques).toEqual([]);
  });
});
