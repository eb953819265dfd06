/**
 * Production server: validates the environment, applies migrations, seeds demo data on first
 * run, then serves the Remix build with express. `npm start` runs this after `remix build`.
 */
// First: files created under DATA_DIR from here on are 0600, folders 0700.
import { makeDataDirPrivate } from "~/utils/private-files.server";
import { calendarCovers } from "~/domain/cases/sla";
import { chinaYear } from "~/domain/time/china-time";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { EnvError, getEnv } from "~/utils/env.server";
import { applyMigrations, syncRolesAndPermissions } from "~/startup/prepare-database.server";
import { dialectOf, getDb } from "~/utils/db.server";
import { startMailListener } from "~/domain/mail/dispatch-mail.server";
import { resolveClientAddress } from "~/utils/client-address";
import { openRateLimitStore, redisProblem } from "~/utils/rate-limit.server";
import { releaseBackgroundJobs, startBackgroundJobs } from "~/startup/background-jobs.server";
import { describeDatabaseError } from "~/startup/database-errors.server";
import { runStartupSweep } from "~/startup/sweep-storage.server";
import { seedIfEmpty, printDemoLogins } from "./prisma/seed";
import { securityHeaders, refuseNulInUrl } from "~/utils/security-middleware.server";
import { requestBodyGuard } from "~/web/request-body-guard.server";
import { isCatalogPath, publicPageCache } from "~/web/public-page-cache.server";
import { databaseVersion } from "~/utils/database-version.server";

async function main() {
  let env;
  try {
    env = getEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  makeDataDirPrivate(env.DATA_DIR);
  if (env.REDIS_URL) {
    // The rate limits count in Redis: one that cannot be reached is a configuration error too.
    const problem = await redisProblem(env.REDIS_URL);
    if (problem) {
      console.error(problem);
      process.exit(78);
    }
  }
  try {
    await applyMigrations(env.DATABASE_URL);
  } catch (e) {
    // A wrong or unreachable DATABASE_URL is a configuration error: one line, exit 78 (EX_CONFIG).
    console.error(describeDatabaseError(env.DATABASE_URL, e));
    process.exit(78);
  }
  // With Redis, the rate limits' connection is up before the first request is counted.
  await openRateLimitStore();
  const db = getDb();
  await syncRolesAndPermissions(db);
  const seedDemo = env.SEED_DEMO_DATA === "yes" || (env.SEED_DEMO_DATA === "auto" && env.DATABASE_URL.startsWith("file:"));
  const seeded = seedDemo ? await seedIfEmpty(db) : false;
  await printDemoLogins(db, seeded);
  if (!seedDemo && (await db.user.count()) === 0) {
    console.warn(
      'The database has no accounts yet: create the first administrator with npm run create-user -- --role admin --email … --name "…" (demo data is seeded only on SQLite, or with SEED_DEMO_DATA=yes).',
    );
  }
  if (!env.BANK_NAME) {
    console.warn(
      "Offline settlement is disabled: set BANK_NAME, BANK_ACCOUNT_NAME and BANK_ACCOUNT_NUMBER (the exchange center's bank account) to let officers approve deals paid by bank transfer.",
    );
  }
  const year = chinaYear(new Date());
  if (!calendarCovers(year)) {
    console.warn(
      `The PRC holiday calendar (app/domain/cases/sla.ts) has no entry for ${year}: case deadlines count only weekends as days off until that year's State Council notice is added.`,
    );
  }
  // Files a crash left behind (temp files, blobs of uncommitted uploads); runs beside serving.
  void runStartupSweep({ db, dataDir: env.DATA_DIR, minAgeSeconds: env.STORAGE_SWEEP_MIN_AGE_SECONDS });

  const buildPath = path.resolve("build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  await startBackgroundJobs();
  // PostgreSQL: mail queued by any instance is dispatched right after its transaction commits.
  if (dialectOf(env.DATABASE_URL) === "postgres") startMailListener(env.DATABASE_URL);

  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders(env.PUBLIC_URL));
  app.use(refuseNulInUrl);
  // Byte cap per path on every request body before Remix reads it (the routes' own caps are tighter).
  app.use(requestBodyGuard);
  const proxyHops = env.TRUST_PROXY;
  app.use((req, _res, next) => {
    // The rate limits key on this one address: the peer, or with TRUST_PROXY=N the entry our
    // outermost proxy wrote, N hops from the right. What a client put left of it is ignored.
    req.headers["x-forwarded-for"] = resolveClientAddress({ peer: req.socket.remoteAddress, forwardedFor: req.headers["x-forwarded-for"], hops: proxyHops });
    next();
  });
  app.use(csrfOriginCheck);
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // The few files at the top of public/ (favicon…), known at start-up: other paths are not
  // looked up on disk (a stat per page request otherwise).
  const publicFiles = new Set(fs.readdirSync("public", { withFileTypes: true }).flatMap((d) => (d.isFile() ? [`/${d.name}`] : [])));
  const servePublic = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
  // Anonymous catalog pages are replayed while the database is unchanged (decision 016).
  app.use(publicPageCache({ version: databaseVersion(env.DATABASE_URL), cacheable: isCatalogPath, maxBytes: env.PUBLIC_PAGE_CACHE_MB * 1024 * 1024 }));
  app.all("*", createRequestHandler({ build, mode: env.NODE_ENV }));

  const server = app.listen(env.PORT, () => {
    console.log(`Kilnmark listening on http://localhost:${env.PORT}`);
  });
  const stop = () => {
    // Hand the background jobs to the other instances now rather than when the leases expire.
    void releaseBackgroundJobs()
      .catch(() => undefined)
      .finally(() => server.close(() => process.exit(0)));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/**
 * CSRF: session cookies are SameSite=Lax, and every state-changing request from a browser must
 * come from our own origin (Origin, else Referer, must match Host). The JSON API and webhooks do
 * not use cookies and authenticate otherwise, so they are exempt. See docs/decisions/003-csrf.md.
 */
function csrfOriginCheck(req: express.Request, res: express.Response, next: express.NextFunction) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  if (req.path.startsWith("/api/") || req.path.startsWith("/webhooks/")) return next();
  const source = req.get("origin") ?? req.get("referer");
  const host = req.get("host");
  let ok = false;
  if (source && host) {
    try {
      ok = new URL(source).host === host;
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    res.status(403).type("text/plain; charset=utf-8").send("Cross-site request refused (CSRF check). 跨站请求已拒绝。");
    return;
  }
  next();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
