/**
 * Compiles contracts/Anchor.sol with solc-js into the committed artifact contracts/Anchor.json.
 *   npx tsx scripts/compile-contract.ts          write the artifact
 *   npx tsx scripts/compile-contract.ts --check  exit 1 when the artifact is stale
 * The artifact is committed so the app and the deploy script never need a compiler at run time;
 * a test recompiles and compares, so a source edit without recompiling is caught.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SOURCE_NAME = "contracts/Anchor.sol";
export const ARTIFACT_PATH = path.join(ROOT, "contracts/Anchor.json");

// Fixed settings: the bytecode must be reproducible from the source. "cancun" rather than the
// compiler's newest default so the contract deploys on chains that lag behind mainnet forks.
export const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
} as const;

export type AnchorArtifact = {
  contractName: "Anchor";
  sourceName: string;
  compiler: { name: "solc"; version: string; settings: typeof SETTINGS };
  sourceSha256: string;
  /** Every source that went into the bytecode (imports included), by solc source unit name. */
  sources: Record<string, string>;
  abi: unknown[];
  bytecode: string;
  deployedBytecode: string;
};

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function resolveImport(unit: string): string {
  if (unit.startsWith("contracts/")) return path.join(ROOT, unit);
  // Package imports (e.g. @openzeppelin/contracts/...) come from node_modules.
  return require.resolve(unit, { paths: [ROOT] });
}

export function compileAnchor(): AnchorArtifact {
  const solc = require("solc") as { compile(input: string, opts?: unknown): string; version(): string };
  const mainSource = readFileSync(path.join(ROOT, SOURCE_NAME), "utf8");
  const used: Record<string, string> = { [SOURCE_NAME]: sha256(mainSource) };
  const input = {
    language: "Solidity",
    sources: { [SOURCE_NAME]: { content: mainSource } },
    settings: SETTINGS,
  };
  const findImports = (unit: string) => {
    try {
      const file = resolveImport(unit);
      if (!existsSync(file)) return { error: `not found: ${unit}` };
      const contents = readFileSync(file, "utf8");
      used[unit] = sha256(contents);
      return { contents };
    } catch (e) {
      return { error: `not found: ${unit} (${(e as Error).message})` };
    }
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const c = output.contracts[SOURCE_NAME].Anchor;
  const sorted = Object.fromEntries(Object.entries(used).sort(([a], [b]) => a.localeCompare(b)));
  return {
    contractName: "Anchor",
    sourceName: SOURCE_NAME,
    compiler: { name: "solc", version: solc.version(), settings: SETTINGS },
    sourceSha256: used[SOURCE_NAME],
    sources: sorted,
    abi: c.abi,
    bytecode: "0x" + c.evm.bytecode.object,
    deployedBytecode: "0x" + c.evm.deployedBytecode.object,
  };
}

export function readAnchorArtifact(): AnchorArtifact {
  return JSON.parse(readFileSync(ARTIFACT_PATH, "utf8")) as AnchorArtifact;
}

function main() {
  const artifact = compileAnchor();
  const text = JSON.stringify(artifact, null, 2) + "\n";
  if (process.argv.includes("--check")) {
    const current = existsSync(ARTIFACT_PATH) ? readFileSync(ARTIFACT_PATH, "utf8") : "";
    if (current !== text) {
      console.error(`${path.relative(ROOT, ARTIFACT_PATH)} is stale: run npx tsx scripts/compile-contract.ts`);
      process.exit(1);
    }
    console.log("artifact up to date");
    return;
  }
  writeFileSync(ARTIFACT_PATH, text);
  console.log(`wrote ${path.relative(ROOT, ARTIFACT_PATH)} (solc ${artifact.compiler.version}, ${(artifact.deployedBytecode.length - 2) / 2} bytes deployed)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
