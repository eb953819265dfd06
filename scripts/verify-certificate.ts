/**
 * npm run verify-certificate -- FILE [--address 0xREGISTRY] [--rpc URL] [--lang zh-CN|en] [--json]
 * Checks a Kilnmark certificate file with no database and no server: the signature, the signing
 * key, the Merkle proof and, given --rpc, the on-chain anchor. Exit 0 when valid, 1 otherwise
 * (2 for usage errors).
 */
import { readFileSync } from "node:fs";
import { JsonRpcProvider } from "ethers";
import { verifyCertificateFile } from "../app/domain/anchoring/verify-certificate";
import { isLocale, translate, type Locale } from "../app/utils/i18n";

function usage(message?: string): never {
  if (message) console.error(message);
  console.error("usage: npm run verify-certificate -- FILE [--address 0x...] [--rpc URL] [--lang zh-CN|en] [--json]");
  process.exit(2);
}

const args = process.argv.slice(2);
let file: string | undefined;
let address: string | undefined;
let rpc: string | undefined;
let lang: Locale = "en";
let json = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--address") address = args[++i] ?? usage("--address needs a value");
  else if (a === "--rpc") rpc = args[++i] ?? usage("--rpc needs a value");
  else if (a === "--lang") {
    const v = args[++i];
    if (!isLocale(v)) usage("--lang must be zh-CN or en");
    lang = v;
  } else if (a === "--json") json = true;
  else if (a === "--help" || a === "-h") usage();
  else if (a.startsWith("--")) usage(`unknown option ${a}`);
  else if (!file) file = a;
  else usage("only one FILE");
}
if (!file) usage();

let text: string;
try {
  text = readFileSync(file, "utf8");
} catch (e) {
  console.error(`cannot read ${file}: ${(e as Error).message}`);
  process.exit(1);
}

const provider = rpc ? new JsonRpcProvider(rpc, undefined, { staticNetwork: true }) : undefined;
try {
  const result = await verifyCertificateFile(text, { expectedAddress: address, provider });
  if (json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    for (const c of result.checks) {
      const mark = c.skipped ? "–" : c.ok ? "✓" : "✗";
      const label = translate(lang, `certificates.verify.check.${c.name}`);
      console.log(`${mark} ${label}: ${translate(lang, c.messageKey, c.params)}`);
    }
    if (result.ok) console.log(lang === "zh-CN" ? "\n证书有效。" : "\nThe certificate is valid.");
    else console.error(`\n${lang === "zh-CN" ? "证书无效" : "NOT VALID"}: ${translate(lang, result.reason!, result.reasonParams)}`);
  }
  process.exitCode = result.ok ? 0 : 1;
} finally {
  provider?.destroy();
}
