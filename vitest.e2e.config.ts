import { defineConfig } from "vitest/config";
import path from "node:path";

// End-to-end: one real server (the production build on a fresh database) for the whole run,
// driven over HTTP and through Debian's Chromium with playwright-core.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: "forks",
  },
});
