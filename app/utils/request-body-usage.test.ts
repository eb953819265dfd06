/**
 * Every body a route or use-case reads must go through the capped readers of
 * request-body.server.ts: an uncapped `request.formData()` (or text/json/arrayBuffer/blob, or
 * Remix's multipart helpers) is how one request could exhaust the heap (issue 10).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOTS = ["app/routes", "app/domain", "app/utils"];
const UNCAPPED =
  /\b(?:request|req)\s*\.\s*(?:formData|text|json|arrayBuffer|blob)\s*\(|unstable_parseMultipartFormData|unstable_createMemoryUploadHandler|unstable_createFileUploadHandler/;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

describe("body reads", () => {
  it("no route or use-case reads a request body without a cap", () => {
    const offenders: string[] = [];
    for (const root of ROOTS) {
      for (const file of sources(path.resolve(root))) {
        fs.readFileSync(file, "utf8")
          .split("\n")
          .forEach((line, i) => {
            if (UNCAPPED.test(line) && !/^\s*(\*|\/\/)/.test(line)) offenders.push(`${path.relative(process.cwd(), file)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(offenders, "use readForm/readPageForm/readMultipart/readBodyBytes/readJson from ~/utils/request-body.server").toEqual([]);
  });
});
