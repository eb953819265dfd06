import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";

/**
 * Environment, validated once at start-up. Every bad value gets its own line in the error.
 * With nothing set the app runs embedded: SQLite under ./data, local image store, no Stripe,
 * no chain.
 */
const optionalUrl = z
  .string()
  .trim()
  .url({ message: "must be a URL, e.g. http://127.0.0.1:8545" })
  .optional()
  .or(z.literal("").transform(() => undefined));

const hexKey = z
  .string()
  .trim()
  .regex(/^0x[0-9a-fA-F]{64}$/, { message: "must be a 0x-prefixed 32-byte hex private key" })
  .optional()
  .or(z.literal("").transform(() => undefined));

const address = z
  .string()
  .trim()
  .regex(/^0x[0-9a-fA-F]{40}$/, { message: "must be a 0x-prefixed 20-byte address" })
  .optional()
  .or(z.literal("").transform(() => undefined));

const optionalString = z
  .string()
  .optional()
  .or(z.literal("").transform(() => undefined));

/** Printed on payment instructions and receipts: a value like "(set BANK_NAME)" must never reach them. */
const bankField = z
  .string()
  .trim()
  .max(200, "must be at most 200 characters")
  .refine((v) => v === "" || !/^\(.*\)$|^(todo|tbd|xxx+|changeme|placeholder)$/i.test(v), { message: "looks like a placeholder, not real bank details" })
  .optional()
  .transform((v) => (v ? v : undefined));

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .default("file:./data/kilnmark.db")
      .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), {
        message: "must start with file: (SQLite) or postgresql://",
      }),
    DATA_DIR: z.string().min(1).default("./data"),
    /**
     * Optional: the rate limits' counters in Redis instead of the database (every instance counts
     * against the same keys either way). With PostgreSQL, counting in Redis keeps the counters'
     * writes from ending the page cache's replays (decisions 005, 016).
     */
    REDIS_URL: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || /^rediss?:\/\/[^/\s]+/.test(v), { message: "must be redis://[user:password@]host[:port][/db] or rediss://…" }),
    /**
     * Demo accounts and works on an empty database: "auto" seeds the embedded SQLite default and
     * never a PostgreSQL (production) database; "yes"/"no" decide explicitly.
     */
    SEED_DEMO_DATA: z.enum(["auto", "yes", "no"], { message: "must be auto, yes or no" }).default("auto"),
    PORT: z.coerce
      .number({ invalid_type_error: "must be a number" })
      .int("must be an integer")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .default(3000),
    PUBLIC_URL: optionalUrl,
    /**
     * Memory for the anonymous page cache (catalog pages served again while the database is
     * unchanged; app/web/public-page-cache.server.ts). 0 turns it off.
     */
    PUBLIC_PAGE_CACHE_MB: z.coerce
      .number({ invalid_type_error: "must be a number of megabytes" })
      .int("must be a whole number of megabytes")
      .min(0, "must be between 0 and 4096")
      .max(4096, "must be between 0 and 4096")
      .default(64),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_\w+$/, { message: "must look like sk_test_… or sk_live_…" })
      .optional()
      .or(z.literal("").transform(() => undefined)),
    STRIPE_WEBHOOK_SECRET: optionalString,
    STRIPE_API_HOST: optionalString,
    STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
    EXCHANGE_FEE_BPS: z.coerce
      .number({ invalid_type_error: "must be a number" })
      .int("must be an integer number of basis points")
      .min(0, "must be between 0 and 10000")
      .max(10000, "must be between 0 and 10000")
      .default(1000),
    REGISTRY_PRIVATE_KEY: hexKey,
    ANCHOR_RPC_URL: optionalUrl,
    ANCHOR_PRIVATE_KEY: hexKey,
    ANCHOR_CONTRACT: address,
    /** The chain certificates name in their EIP-712 domain; checked against the RPC before anchoring. */
    ANCHOR_CHAIN_ID: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.coerce
        .number({ invalid_type_error: "must be a number (the chain id, e.g. 1 or 31337)" })
        .int("must be an integer chain id")
        .min(1, "must be a positive chain id")
        .optional(),
    ),
    ANCHOR_INTERVAL: z
      .string()
      .regex(/^\d+(s|m|h)$/, { message: "must be a duration like 30s, 15m or 1h" })
      .default("1h"),
    /**
     * The exchange center's bank account for offline settlement: all three or none. Unset, offline
     * settlement is disabled (approval needing a bank transfer is refused, officers see a notice).
     */
    BANK_ACCOUNT_NAME: bankField,
    BANK_ACCOUNT_NUMBER: bankField,
    BANK_NAME: bankField,
    /**
     * How many reverse proxies of ours stand in front of the server: the client address is the
     * X-Forwarded-For entry that many hops from the right. Unset/0: the peer address, the header
     * is ignored. "true" (documented before hops were counted) means 1.
     */
    TRUST_PROXY: z.preprocess(
      (v) => {
        if (typeof v !== "string") return v;
        const s = v.trim().toLowerCase();
        if (s === "" || s === "false") return 0;
        if (s === "true") return 1;
        return s;
      },
      z.coerce
        .number({ invalid_type_error: "must be the number of proxies in front of the server (0, 1, 2, …)" })
        .int("must be the number of proxies in front of the server (0, 1, 2, …)")
        .min(0, "must be the number of proxies in front of the server (0, 1, 2, …)")
        .max(10, "must be at most 10 proxies")
        .default(0),
    ),
    /** Login lockout: the first lasts this long, each further one in 24 h twice as long, up to the cap. */
    LOGIN_LOCKOUT_SECONDS: z.coerce
      .number({ invalid_type_error: "must be a number of seconds" })
      .int("must be whole seconds")
      .min(1, "must be at least 1 second")
      .max(3600, "must be at most 3600 seconds")
      .default(60),
    LOGIN_LOCKOUT_MAX_SECONDS: z.coerce
      .number({ invalid_type_error: "must be a number of seconds" })
      .int("must be whole seconds")
      .min(1, "must be at least 1 second")
      .max(86_400, "must be at most 86400 seconds")
      .default(900),
    /** Start-up storage sweep: temp files and unreferenced blobs younger than this are left alone (uploads in flight). */
    STORAGE_SWEEP_MIN_AGE_SECONDS: z.coerce
      .number({ invalid_type_error: "must be a number of seconds" })
      .int("must be whole seconds")
      .min(0, "must be 0 or more seconds")
      .default(3600),
    /** Outgoing mail relay, e.g. smtps://user:pass@smtp.example.com:465; unset: messages go to DATA_DIR/outbox. */
    SMTP_URL: z.preprocess(
      (v) => (typeof v === "string" ? v.trim() || undefined : v),
      z
        .string()
        .regex(/^smtps?:\/\/[^\s/?#]+(:\d+)?\/?(\?\S*)?$/, { message: "must be smtp://[user:pass@]host[:port] or smtps://[user:pass@]host[:port]" })
        .optional(),
    ),
    /** Sender of all mail, e.g. "Kilnmark <no-reply@example.com>". */
    MAIL_FROM: z.preprocess(
      (v) => (typeof v === "string" ? v.trim() || undefined : v),
      z
        .string()
        .regex(/^(?:[^<>\r\n@]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, {
          message: 'must be an address, e.g. no-reply@example.com or "Kilnmark <no-reply@example.com>"',
        })
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_WEBHOOK_SECRET"],
        message: "is required when STRIPE_SECRET_KEY is set (the webhook must verify signatures)",
      });
    }
    if (env.ANCHOR_RPC_URL && !env.ANCHOR_PRIVATE_KEY) {
      ctx.addIssue({ code: "custom", path: ["ANCHOR_PRIVATE_KEY"], message: "is required when ANCHOR_RPC_URL is set" });
    }
    if (env.ANCHOR_RPC_URL && !env.ANCHOR_CONTRACT) {
      ctx.addIssue({
        code: "custom",
        path: ["ANCHOR_CONTRACT"],
        message: "is required when ANCHOR_RPC_URL is set (deploy one with scripts/deploy-anchor.ts)",
      });
    }
    if (env.ANCHOR_RPC_URL && !env.ANCHOR_CHAIN_ID) {
      ctx.addIssue({
        code: "custom",
        path: ["ANCHOR_CHAIN_ID"],
        message: "is required when ANCHOR_RPC_URL is set (certificates are signed for that chain; 31337 for a local hardhat node)",
      });
    }
    const bank = [
      ["BANK_NAME", env.BANK_NAME],
      ["BANK_ACCOUNT_NAME", env.BANK_ACCOUNT_NAME],
      ["BANK_ACCOUNT_NUMBER", env.BANK_ACCOUNT_NUMBER],
    ] as const;
    if (bank.some(([, v]) => v)) {
      for (const [key, v] of bank) {
        if (!v)
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "is required when any of BANK_NAME, BANK_ACCOUNT_NAME, BANK_ACCOUNT_NUMBER is set (set all three, or none to disable offline settlement)",
          });
      }
    }
    if (env.LOGIN_LOCKOUT_MAX_SECONDS < env.LOGIN_LOCKOUT_SECONDS) {
      ctx.addIssue({ code: "custom", path: ["LOGIN_LOCKOUT_MAX_SECONDS"], message: "must be at least LOGIN_LOCKOUT_SECONDS" });
    }
  });

export type Env = z.infer<typeof envSchema> & { SESSION_SECRET: string };

export class EnvError extends Error {
  constructor(public problems: string[]) {
    super("Invalid configuration:\n" + problems.map((p) => "  - " + p).join("\n"));
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): z.infer<typeof envSchema> {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map(
        (i) => `${i.path.join(".") || "(env)"} ${i.message} (got ${JSON.stringify((source[String(i.path[0])] ?? "").replace(/\/\/[^/@\s]*@/, "//***@"))})`,
      ),
    );
  }
  return result.data;
}

/** A secret generated once into DATA_DIR when the operator did not provide one. */
export function readOrCreateSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString("hex");
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  }
}

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = parseEnv(process.env);
  const dataDir = path.resolve(parsed.DATA_DIR);
  cached = {
    ...parsed,
    DATA_DIR: dataDir,
    SESSION_SECRET: parsed.SESSION_SECRET ?? readOrCreateSecret(dataDir, "session-secret"),
  };
  return cached;
}

/** Tests swap environments between databases. */
export function resetEnvCache() {
  cached = undefined;
}

export function sqlitePathFromUrl(url: string): string {
  return path.resolve(url.replace(/^file:/, ""));
}
