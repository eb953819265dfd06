import { describe, expect, it } from "vitest";
import { compileAnchor, readAnchorArtifact } from "./compile-contract";

describe("contracts/Anchor.json", () => {
  it("is what solc produces from contracts/Anchor.sol today (recompile with scripts/compile-contract.ts)", () => {
    const fresh = compileAnchor();
    const committed = readAnchorArtifact();
    expect(committed.sourceSha256).toBe(fresh.sourceSha256);
    expect(committed.sources).toEqual(fresh.sources);
    expect(committed.compiler).toEqual(fresh.compiler);
    expect(committed.abi).toEqual(fresh.abi);
    expect(committed.bytecode).toBe(fresh.bytecode);
    expect(committed.deployedBytecode).toBe(fresh.deployedBytecode);
  });
});
