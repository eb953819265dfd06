// ESLint 9 flat config: TypeScript rules plus the layer directions of docs/architecture.md.
// `npm run lint` runs ESLint, `tsc --noEmit` and the Prettier check; .ci/run runs it before the tests.
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Routes that still read the database themselves: small read models of one page each (listed in
 * docs/architecture.md). Every other route parses input, calls one use-case or read model from
 * app/domain, and shapes the response. Shrink this list; do not grow it.
 */
const ROUTE_READ_MODEL_FILES = [
  "app/routes/_marketing+/index.tsx",
  "app/routes/admin+/users.tsx",
  "app/routes/invitations+/$token.tsx",
  "app/routes/my+/works.$workId.edit.tsx",
  "app/routes/notifications.tsx",
  "app/routes/officer+/anchoring.tsx",
  "app/routes/officer+/audit.tsx",
  "app/routes/officer+/cases.$caseNumber.tsx",
  "app/routes/officer+/cases.$caseNumber_.notice.$noticeId[.]pdf.tsx",
  "app/routes/officer+/cases.$caseNumber_.notice[.]pdf.tsx",
  "app/routes/officer+/cases.$caseNumber_.package[.]zip.tsx",
  "app/routes/officer+/deals.$reference.tsx",
  "app/routes/officer+/deals._index.tsx",
  "app/routes/officer+/examination.$workId_.motif.$viewId.$matchedViewId.tsx",
  "app/routes/resources+/healthcheck.tsx",
  "app/routes/resources+/locale.tsx",
  "app/routes/studio+/$orgId.tsx",
  "app/routes/studio+/index.tsx",
];
/** As ignore globs: "[.]" in a flat-routes file name is literal, not a glob class. */
export const ROUTE_READ_MODELS = ROUTE_READ_MODEL_FILES.map((f) => f.replace(/[[\]]/g, "\\$&"));

const domainIsNotWeb = {
  paths: [],
  patterns: [{ group: ["@remix-run/*"], message: "The domain does not know Remix: return data or throw DomainError; routes shape responses." }],
};

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", "artifacts/**", "cache/**", "contracts/**", "prisma/generated/**", "**/*.cjs", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      // Deliberately ignored values start with "_"; an empty catch says in a comment why nothing is to be done.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      "no-empty": ["error", { allowEmptyCatch: true }],
      // Stripping control characters from input and file names is deliberate (NUL refusal, safe names).
      "no-control-regex": "off",
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./app/domain", from: "./app/routes", message: "The domain does not import routes." },
            { target: "./app/domain", from: "./app/components", message: "The domain does not import UI components." },
            { target: "./app/domain", from: "./app/web", message: "The domain does not import the web layer." },
            {
              target: "./app/utils",
              from: "./app/domain",
              except: ["./errors.ts"],
              message: "utils/ is below the domain: only ~/domain/errors (the shared error type) may be imported.",
            },
            { target: "./app/utils", from: "./app/web", message: "utils/ does not import the web layer." },
            { target: "./app/components", from: "./app/routes", message: "Components do not import routes." },
          ],
        },
      ],
    },
  },
  {
    files: ["app/domain/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", domainIsNotWeb] },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    ignores: ROUTE_READ_MODELS,
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='prisma'][property.name=/^[a-z]/]",
          message:
            "Routes do not query the database: call a use-case or read model in app/domain (or list a one-page read model in eslint.config.js and docs/architecture.md).",
        },
      ],
    },
  },
  {
    files: ["**/*.test.{ts,tsx}", "tests/**", "scripts/**", "prisma/**"],
    // Tests assert on response bodies and fake SDK payloads without typing them.
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
