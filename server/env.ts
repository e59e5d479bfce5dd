import path from "node:path";
import { z } from "zod";
import { MAX_ITEMS_PER_REQUEST } from "@/server/contracts/limits";
import { parseTrustedProxies } from "@/server/http/client-ip";

/**
 * Every environment variable the console reads, parsed once. Nothing else in the
 * code base reads process.env for configuration.
 */
const EnvSchema = z.object({
  DATA_DIR: z.string().default(".data"),
  DATABASE_URL: z.string().url().optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  DEMO: z.enum(["0", "1"]).default("0"),
  COOKIE_SECURE: z.enum(["0", "1"]).default("0"),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(168),
  /**
   * Failed sign-ins per account and client address before each further attempt waits (1 s,
   * doubling up to SIGN_IN_MAX_DELAY_SECONDS); 10x that per account and per address
   * (server/auth/sign-in-guard.ts). The name is historical.
   */
  SIGN_IN_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  SIGN_IN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * Comma-separated IPs and CIDR networks of the reverse proxies in front of the console: only
   * from them is X-Forwarded-For believed (server/http/client-ip.ts). Empty: from nobody.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .superRefine((text, ctx) => {
      try {
        parseTrustedProxies(text);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
      }
    }),
  /** Trial-scoring requests per person per minute (each one reaches feature stores and a model server). */
  TRIAL_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** Items one trial scoring request may carry (`items`); past it the request is a 422 naming the cap. */
  SCORING_MAX_ITEMS: z.coerce.number().int().min(1).max(10_000).default(MAX_ITEMS_PER_REQUEST),
  /** Worker threads running code fgs at once (server/fg/code/sandbox-pool.ts); one person gets at most all but one. */
  FG_SANDBOX_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  /** Code fg calls that may wait for a worker; past it (or half of it for one person) a call gets 429. */
  FG_SANDBOX_QUEUE: z.coerce.number().int().min(1).max(10_000).default(32),
  /** fg try-box runs (draft and published) per person per minute. */
  FG_TRY_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** The console's own port (npm start passes it), used for self-registration of the dev model server. */
  PORT: z.coerce.number().int().positive().default(3000),
  /**
   * How long a model operation's lease on its instances lasts without renewal (renewed while it
   * runs): a console process that dies holds them this long before another may take over.
   */
  MODEL_OPERATION_LEASE_SECONDS: z.coerce.number().int().min(20).max(3600).default(30),
  /** "1": run the TF-Serving-compatible dev model server inside the console process (npm start does). */
  DEV_MODEL_SERVER: z.enum(["0", "1"]).default("0"),
  DEV_MODEL_SERVER_GRPC_PORT: z.coerce.number().int().min(0).default(8500),
  DEV_MODEL_SERVER_REST_PORT: z.coerce.number().int().min(0).default(8501),
  /**
   * "1" (npm start sets it): when the console runs under npm start (an IPC channel to it) and has
   * the demo app, it issues a token for the demo's scoring service and hands it over that channel
   * (scripts/start.mjs starts the service with it): never printed, never written to disk.
   */
  DEMO_SCORING_SERVICE: z.enum(["0", "1"]).default("0"),
  /** Base URL hooks call back (the console as hook receivers reach it). Default: http://127.0.0.1:PORT. */
  PUBLIC_URL: z.string().url().optional(),
  /** "0": this console process does not run the version-DAG engine (another process does). */
  DAG_ENGINE: z.enum(["0", "1"]).default("1"),
  /**
   * 32 bytes (64 hex digits or base64) encrypting stored secrets (connection passwords) with
   * AES-256-GCM. Unset: a key generated once into DATA_DIR/secret.key (mode 0600) is used.
   */
  SECRET_KEY: z.string().optional(),
  /** Where releases are delivered: the center built into the console, or etcd (docs/config-center.md). */
  CONFIG_CENTER: z.enum(["builtin", "etcd"]).default("builtin"),
  /** With CONFIG_CENTER=etcd: comma-separated endpoints, e.g. http://127.0.0.1:2379. */
  ETCD_ENDPOINTS: z.string().optional(),
  /** With CONFIG_CENTER=etcd: the root of every key the console writes (default /scoring-console). */
  ETCD_PREFIX: z.string().optional(),
  /** With CONFIG_CENTER=etcd: etcd's --max-txn-ops and --max-request-bytes, when raised from its defaults. */
  ETCD_MAX_TXN_OPS: z.coerce.number().int().positive().optional(),
  ETCD_MAX_REQUEST_BYTES: z.coerce.number().int().positive().optional(),
  /** Telemetry (README "Telemetry"): per-minute rows are rolled up into hourly rows after this many hours. */
  TELEMETRY_MINUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(48),
  /** Telemetry: hourly rows (and instances silent as long) are deleted after this many days. */
  TELEMETRY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Telemetry: how long a report's id is remembered, so a retry within it is counted once. */
  TELEMETRY_REPORT_KEY_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  /**
   * Telemetry: most series (plus one per report) waiting to be written; past it a report gets 429
   * with Retry-After. Reports waiting together are written in one transaction (server/telemetry/queue-report.ts).
   */
  TELEMETRY_INGEST_QUEUE_SERIES: z.coerce.number().int().min(1_000).max(10_000_000).default(200_000),
  /** Telemetry: how often the console rolls up and deletes old rows (seconds). */
  TELEMETRY_ROLLUP_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /** Telemetry: how often the console checks Live alerts (seconds; README "Telemetry", alerts). */
  TELEMETRY_ALERT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(60),
  /** Most rows one feature-table load may hold (a CSV line, a JSON line); more is a 422 naming the cap. */
  FEATURE_LOAD_MAX_ROWS: z.coerce.number().int().positive().default(2_000_000),
  /**
   * Comma-separated absolute folders a model's local base path must lie in (other file systems'
   * URIs, gs:// s3:// hdfs://…, are not checked). Unset: any local path without ".." segments.
   */
  MODEL_ROOTS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((r) => r.trim().replace(/(.)\/+$/, "$1")).filter(Boolean))
    .refine((roots) => roots.every((r) => r.startsWith("/") && !r.split("/").includes("..")), "absolute folders without .. segments, comma-separated"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid environment: ${fields}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export function dataDir(): string {
  return path.resolve(env().DATA_DIR);
}
