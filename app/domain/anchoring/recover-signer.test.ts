import { createRequire } from "node:module";
import { hexlify, recoverAddress, Signature, SigningKey } from "ethers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recoverSigner } from "./recover-signer";

const outcome = (f: () => string) => {
  try {
    return f();
  } catch {
    return "throws";
  }
};

describe("recoverSigner (libsecp256k1)", () => {
  it("runs on the native binding, not the JavaScript fallback", () => {
    // A silent fallback would still be right, at 15 times the cost per work page.
    const require = createRequire(import.meta.url);
    expect(() => require("secp256k1/bindings")).not.toThrow();
  });

  it("finds the address ethers finds, for any key and digest, in both signature encodings", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (key, digestBytes) => {
        fc.pre(key.some((b) => b !== 0) && key[0]! < 0xff); // a valid private key (below the curve order)
        const signer = new SigningKey(hexlify(key));
        const digest = hexlify(digestBytes);
        const sig = signer.sign(digest);
        expect(recoverSigner(digest, sig.serialized)).toBe(recoverAddress(digest, sig.serialized));
        expect(recoverSigner(digest, sig.compactSerialized)).toBe(recoverAddress(digest, sig));
      }),
      { numRuns: 200 },
    );
  });

  it("agrees with ethers on damaged signatures: another address, or a refusal", () => {
    const signer = new SigningKey("0x" + "11".repeat(32));
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 0, max: 64 }),
        fc.integer({ min: 1, max: 255 }),
        (digestBytes, at, xor) => {
          const digest = hexlify(digestBytes);
          const bytes = Signature.from(signer.sign(digest)).serialized.slice(2);
          const raw = Buffer.from(bytes, "hex");
          raw[at] = raw[at]! ^ xor;
          const damaged = "0x" + raw.toString("hex");
          expect(outcome(() => recoverSigner(digest, damaged))).toBe(outcome(() => recoverAddress(digest, damaged)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a digest that is not 32 bytes", () => {
    const sig = new SigningKey("0x" + "11".repeat(32)).sign("0x" + "ab".repeat(32)).serialized;
    expect(() => recoverSigner("0x" + "ab".repeat(31), sig)).toThrow();
  });
});
