-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);


-- Rate-limit counters shared by every instance (rate-limiter-flexible's RateLimiterPostgres owns
-- the rows; its own table layout). The SQLite mode keeps them in DATA_DIR/rate-limits.db.
CREATE TABLE IF NOT EXISTS "rate_limits" (
    "key" VARCHAR(255) PRIMARY KEY,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT
);
CREATE INDEX IF NOT EXISTS "rate_limits_expire" ON "rate_limits" ("expire");
