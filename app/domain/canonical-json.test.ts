/**
 * The exact bytes of what is already issued and hashed: certificate records, licence terms and
 * audit rows. These were computed by the code that issued them (before the three canonical-JSON
 * copies became one module) and must never change, or certificates, terms hashes and the audit
 * chain already in the field stop verifying. (certificateJson / auditJson name the former copies
 * each pin was computed with; both are now the one module.)
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import canonicalize from "canonicalize";
import fc from "fast-check";
import { buildLicenseRecord, buildRegistrationRecord, hashTerms } from "~/domain/anchoring/certificate";
import { auditPreimage, verifyAuditChain, type StoredAuditEvent } from "~/domain/audit/audit-chain";
import { canonicalTerms, termsHash, type LicenseTerms } from "~/domain/licensing/terms";
import { canonicalJson } from "./canonical-json";

const certificateJson = canonicalJson;
const auditJson = canonicalJson;
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("canonical JSON: today's bytes, pinned", () => {
  const reg = buildRegistrationRecord({
    registrationNumber: "JDZ-2026-000043-5",
    titleZh: "青花缠枝莲纹梅瓶",
    titleEn: "Blue-and-white lotus scroll meiping",
    ownerName: "景德镇青花坊陶瓷工作室",
    titleSalt: "0x" + "5a".repeat(32),
    views: [
      { kind: "front", sha256: "ab".repeat(32), pdq: "cd".repeat(32) },
      { kind: "side", sha256: "12".repeat(32), pdq: "34".repeat(32) },
    ],
    registeredAt: new Date("2026-11-29T02:00:00Z"),
    registryAddress: "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A",
    chainId: 31337,
  });
  const terms: LicenseTerms = {
    exclusivity: "exclusive",
    fields: ["tableware", "home_decor"],
    territories: ["HK", "CN", "CN"],
    productionRequirement: "jdz_mark",
    termStart: "2026-01-01",
    termEnd: "2027-12-31",
    upfrontFeeFen: 1_200_000,
    royaltyBps: 650,
    minimumGuaranteeFen: 300_000,
    sublicensing: false,
    attribution: true,
    modifications: false,
  };
  const lic = buildLicenseRecord({
    licenseNumber: "JDZL-2026-000007",
    registrationNumber: "JDZ-2026-000043-5",
    licenseeName: "上海瓷器贸易有限公司",
    terms,
    exclusivity: "exclusive",
    fields: ["tableware"],
    territories: ["cn"],
    termStart: new Date("2026-01-01T00:00:00Z"),
    termEnd: new Date("2027-12-31T00:00:00Z"),
    issuedAt: new Date("2026-11-29T03:30:00Z"),
    registryAddress: "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A",
    chainId: 31337,
  });
  it("certificate records", () => {
    expect(certificateJson(reg)).toBe(
      '{"chainId":31337,"ownerHash":"0xbc9b6ead0f2db591d1f906685e829557954689d242d72df17fd4f4d076b01d03","registeredAt":1795917600,"registrationNumber":"JDZ-2026-000043-5","registryAddress":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A","titleCommitment":"0xe4f5bf6030f3bcb14c148acf6616b35936d2e666143a1426643e21d52a6461b6","views":[{"kind":"front","pdq":"0xcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd","sha256":"0xabababababababababababababababababababababababababababababababab"},{"kind":"side","pdq":"0x3434343434343434343434343434343434343434343434343434343434343434","sha256":"0x1212121212121212121212121212121212121212121212121212121212121212"}]}',
    );
    expect(certificateJson(lic)).toBe(
      '{"chainId":31337,"exclusivity":"exclusive","fields":["tableware"],"issuedAt":1795923000,"licenseNumber":"JDZL-2026-000007","licenseeHash":"0xca3a69e38e6d4558ba2091443a0de5b367c529bbb67f3e35de4f995ad675fcac","registrationNumber":"JDZ-2026-000043-5","registryAddress":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A","termEnd":1830211200,"termStart":1767225600,"termsHash":"0x6f3096b8c763484582cd320f02863a29d54c6222611dd8da19e783e7ca9d782e","territories":["cn"]}',
    );
    expect(hashTerms({ b: [1, 2.5, "x"], a: { é: true, Z: null, a: -0 } })).toBe("0x058e011d97b97c7264dcaae855e6a4df16ce19e9368676a7e5dad9f91fd63d12");
  });

  it("stored certificate rows (format 1, issued before this module) read back to the same bytes", () => {
    const fixture = JSON.parse(readFileSync(path.join(__dirname, "anchoring/__fixtures__/certificate-v1.json"), "utf8")) as Record<
      "registration" | "license",
      { row: { record: string; domain: string } }
    >;
    for (const kind of ["registration", "license"] as const) {
      const { record, domain } = fixture[kind].row;
      expect(certificateJson(JSON.parse(record))).toBe(record);
      expect(certificateJson(JSON.parse(domain))).toBe(domain);
    }
  });

  it("licence terms and their hash", () => {
    expect(canonicalTerms(terms)).toBe(
      '{"attribution":true,"exclusivity":"exclusive","fields":["tableware","home_decor"],"minimumGuaranteeFen":300000,"modifications":false,"productionRequirement":"jdz_mark","royaltyBps":650,"sublicensing":false,"termEnd":"2027-12-31","termStart":"2026-01-01","territories":["CN","HK"],"upfrontFeeFen":1200000}',
    );
    expect(termsHash(terms)).toBe("b81844efb96646b738d78039329a148debbf4f85ddc17bca1bef53b9c64e44a1");
  });

  it("audit rows: preimages and hashes of a two-event chain", () => {
    const events = [
      {
        seq: 1,
        at: new Date("2026-11-29T01:02:03.004Z"),
        actorId: "u1",
        action: "work.registered",
        entityType: "Work",
        entityId: "w1",
        data: { registrationNumber: "JDZ-2026-000043-5", views: 2, fee: { fen: 15000 }, note: '青花 "quoted" \n line', list: [3, null, "a"] },
      },
      {
        seq: 2,
        at: "2026-11-29T01:02:04.000Z",
        actorId: null,
        action: "deal.approved",
        entityType: "Deal",
        entityId: "d1",
        data: { z: 1, a: [{ y: 2, b: 1 }], "\u00e9": "é", "😀": 1e21, small: 1e-7 },
      },
    ];
    const pre0 = auditPreimage("0".repeat(64), events[0]!);
    expect(pre0).toBe(
      '0000000000000000000000000000000000000000000000000000000000000000{"action":"work.registered","actorId":"u1","at":"2026-11-29T01:02:03.004Z","data":{"fee":{"fen":15000},"list":[3,null,"a"],"note":"青花 \\"quoted\\" \\n line","registrationNumber":"JDZ-2026-000043-5","views":2},"entityId":"w1","entityType":"Work","seq":1}',
    );
    expect(sha(pre0)).toBe("6f7a6684dba3704889687e914d885453f8c0892c5082fb7cec4569a212c1a7c5");
    const pre1 = auditPreimage(sha(pre0), events[1]!);
    expect(pre1).toBe(
      '6f7a6684dba3704889687e914d885453f8c0892c5082fb7cec4569a212c1a7c5{"action":"deal.approved","actorId":null,"at":"2026-11-29T01:02:04.000Z","data":{"a":[{"b":1,"y":2}],"small":1e-7,"z":1,"é":"é","😀":1e+21},"entityId":"d1","entityType":"Deal","seq":2}',
    );
    expect(sha(pre1)).toBe("8fad6e12a93a4006bb557cb9bb285951e2b29e66b3beecea4d652b1ded75e7b8");
    // As stored: data is the canonical JSON text; the chain verifies.
    const stored: StoredAuditEvent[] = events.map((e, i) => ({
      ...e,
      data: auditJson(e.data),
      prevHash: i === 0 ? "0".repeat(64) : sha(pre0),
      hash: i === 0 ? sha(pre0) : sha(pre1),
    }));
    expect(verifyAuditChain(stored, sha)).toEqual({ ok: true, count: 2, head: sha(pre1) });
  });

  it("audit data as recorded: Dates as ISO strings, bigints as strings, undefined dropped", () => {
    expect(auditJson({ when: new Date("2026-01-01T00:00:00Z"), n: 10n, u: undefined, arr: [undefined, 1], nested: { b: 2, a: 1 } })).toBe(
      '{"arr":[null,1],"n":"10","nested":{"a":1,"b":2},"when":"2026-01-01T00:00:00.000Z"}',
    );
  });
});

describe("canonicalJson is RFC 8785", () => {
  it("agrees with the canonicalize reference package on random JSON values", () => {
    // Lone surrogates are the one documented deviation (escaped, not refused): keep them out here.
    const text = fc.string({ unit: "grapheme" });
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        text,
        tie("array"),
        tie("object"),
      ),
      array: fc.array(tie("value"), { maxLength: 5 }),
      object: fc.dictionary(text, tie("value"), { maxKeys: 5 }),
    })).value;
    fc.assert(
      fc.property(json, (v) => canonicalJson(v) === canonicalize(v)),
      { numRuns: 2000 },
    );
  });

  it("RFC 8785 §3.2.3: members sorted by UTF-16 code units, not by code points or locale", () => {
    // U+FB33 (one unit, 0xFB33) sorts after U+1F600 (surrogates 0xD83D 0xDE00) in UTF-16 order.
    expect(canonicalJson({ "\uFB33": 1, "😀": 2, a: 3, B: 4 })).toBe('{"B":4,"a":3,"😀":2,"דּ":1}');
  });

  it("RFC 8785 §3.2.2.3: numbers as ECMAScript prints them", () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1 + 0.2, 333333333.3333333, 9007199254740992])).toBe(
      "[1e+21,1e-7,0,0.30000000000000004,333333333.3333333,9007199254740992]",
    );
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
    expect(() => canonicalJson([Infinity])).toThrow();
  });

  it("keeps a lone surrogate as JSON.stringify escapes it, so stored text still hashes the same", () => {
    expect(canonicalJson({ s: "a\ud800b" })).toBe('{"s":"a\\ud800b"}');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow(/circular/);
  });
});
