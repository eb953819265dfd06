/**
 * Checks an evidence package offline.
 *   npm run verify-evidence -- FILE.zip [--json]
 * Exit 0: intact. Exit 1: something changed, is missing or extra, or it is not a package at
 * all (each named on stderr). Exit 2: usage error or unreadable file.
 * Messages follow LANG (zh* → Chinese, otherwise English).
 */
import { readFile } from "node:fs/promises";
import { verifyEvidencePackage } from "../app/domain/cases/evidence-package.server";
import { translate, type Locale } from "../app/utils/i18n";

const locale: Locale = /^zh/i.test(process.env.LC_ALL || process.env.LANG || "") ? "zh-CN" : "en";
const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, `cases.verify.${key}`, params);

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  const json = args.includes("--json");
  const files = args.filter((a) => !a.startsWith("--"));
  if (files.length !== 1) {
    console.error(t("usage"));
    return 2;
  }
  const file = files[0];
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (e) {
    console.error(t("unreadable", { file, error: (e as Error).message }));
    return 2;
  }
  const result = await verifyEvidencePackage(buffer);
  if (json) {
    const { manifest, ...rest } = result;
    console.log(JSON.stringify({ file, ...rest, caseNumber: manifest?.case.number }, null, 2));
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    console.log(
      t("ok", {
        file,
        caseNumber: result.manifest!.case.number,
        count: result.manifest!.files.length,
      }),
    );
    console.log(t("manifestHash", { hash: result.manifestSha256! }));
    return 0;
  }
  for (const p of result.problems) {
    const path = p.path || file;
    console.error(t(`problem.${p.problem}`, { path, file }) + (p.detail ? ` (${p.detail})` : ""));
  }
  if (result.manifestSha256) console.error(t("manifestHash", { hash: result.manifestSha256 }));
  return 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
