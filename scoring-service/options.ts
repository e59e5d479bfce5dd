import { connectionsFromEnv, type ServiceConnections } from "@/sdk/src/runtime/adapters/connections";

/** Everything the service is started with: flags for where things are, the environment for secrets. */
export interface ServiceOptions {
  /** The console's base URL: table definitions, fg packages, the registry, built-in rows, and (without etcd) the config center. */
  consoleUrl: string;
  /** Only from SCORING_CONSOLE_TOKEN: a flag would show in `ps` and shell history. */
  token: string;
  app: string;
  host: string;
  port: number;
  /** The config center in etcd mode; null: the console's built-in center (long-poll). */
  etcd: { endpoints: string[]; prefix: string } | null;
  cacheFile: string | null;
  maxBodyBytes: number;
  /** How long SIGTERM waits for requests in flight before giving up. */
  drainTimeoutMs: number;
  /** Deadline of each call to the console's API (table definitions, fg packages, the registry, built-in rows). */
  consoleTimeoutMs: number;
  /** Deadline of each Redis command (a feature lookup). */
  redisTimeoutMs: number;
  connections: ServiceConnections;
  /** Telemetry to the console (README "Telemetry"): on when SCORING_TELEMETRY_TOKEN is set. */
  telemetry: { token: string; intervalMs: number } | null;
  /** The feature log: a sample of scored requests as JSON lines in a rotated file; null: off. */
  featureLog: { file: string; sample: number } | null;
}

export const DEFAULTS = {
  host: "127.0.0.1",
  port: 8080,
  etcdPrefix: "/scoring-console",
  maxBodyBytes: 1024 * 1024,
  drainTimeoutMs: 30_000,
  consoleTimeoutMs: 2000,
  redisTimeoutMs: 500,
  telemetryIntervalMs: 60_000,
  featureLogSample: 0.01,
};

export class UsageError extends Error {}

const FLAGS = [
  "console",
  "app",
  "host",
  "port",
  "etcd",
  "etcd-prefix",
  "cache-file",
  "max-body-bytes",
  "drain-timeout-ms",
  "console-timeout-ms",
  "redis-timeout-ms",
  "telemetry-interval-ms",
  "feature-log-file",
  "feature-log-sample",
] as const;
/** Flags that an environment variable can give instead (the flag wins). */
const FROM_ENV: Partial<Record<Flag, string>> = {
  "telemetry-interval-ms": "SCORING_TELEMETRY_INTERVAL_MS",
  "feature-log-file": "SCORING_FEATURE_LOG_FILE",
  "feature-log-sample": "SCORING_FEATURE_LOG_SAMPLE",
};
type Flag = (typeof FLAGS)[number];

/** `--name=value` or `--name value`; an unknown flag is an error rather than silently ignored. */
export function parseOptions(argv: string[], env: Record<string, string | undefined>): ServiceOptions {
  const flags = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new UsageError(`unexpected argument "${arg}"`);
    const name = m[1]!;
    if (name === "token") {
      throw new UsageError("the console token is not taken as a flag (it would show in ps and shell history): set SCORING_CONSOLE_TOKEN");
    }
    if (!(FLAGS as readonly string[]).includes(name)) throw new UsageError(`unknown flag --${name} (flags: ${FLAGS.map((f) => `--${f}`).join(", ")})`);
    let value = m[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
    }
    flags.set(name as Flag, value);
  }

  for (const [flag, name] of Object.entries(FROM_ENV) as [Flag, string][]) {
    const value = env[name];
    if (!flags.has(flag) && value !== undefined && value !== "") flags.set(flag, value);
  }

  const consoleUrl = flags.get("console");
  if (!consoleUrl) throw new UsageError("--console=URL is required (the console's base URL)");
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(consoleUrl);
  } catch {
    throw new UsageError(`--console must be a URL, not "${consoleUrl}"`);
  }
  if (parsedUrl.protocol !== "http:" && parsedUrl.protocol !== "https:") throw new UsageError("--console must be an http(s) URL");
  const app = flags.get("app");
  if (!app) throw new UsageError("--app=NAME is required (the app this service scores)");
  const token = env.SCORING_CONSOLE_TOKEN;
  if (!token) throw new UsageError("SCORING_CONSOLE_TOKEN is not set: a console API token with the scopes config:read and features:read");

  const etcdEndpoints = flags.get("etcd");
  let connections: ServiceConnections;
  try {
    connections = connectionsFromEnv(env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return {
    consoleUrl: consoleUrl.replace(/\/+$/, ""),
    token,
    app,
    host: flags.get("host") ?? DEFAULTS.host,
    port: intFlag(flags, "port", DEFAULTS.port, 0, 65535),
    etcd: etcdEndpoints
      ? { endpoints: etcdEndpoints.split(",").map((e) => e.trim()).filter(Boolean), prefix: flags.get("etcd-prefix") ?? DEFAULTS.etcdPrefix }
      : null,
    cacheFile: flags.get("cache-file") ?? null,
    maxBodyBytes: intFlag(flags, "max-body-bytes", DEFAULTS.maxBodyBytes, 2, 64 * 1024 * 1024),
    drainTimeoutMs: intFlag(flags, "drain-timeout-ms", DEFAULTS.drainTimeoutMs, 0, 600_000),
    consoleTimeoutMs: intFlag(flags, "console-timeout-ms", DEFAULTS.consoleTimeoutMs, 1, 600_000),
    redisTimeoutMs: intFlag(flags, "redis-timeout-ms", DEFAULTS.redisTimeoutMs, 1, 60_000),
    connections,
    telemetry: env.SCORING_TELEMETRY_TOKEN
      ? { token: env.SCORING_TELEMETRY_TOKEN, intervalMs: intFlag(flags, "telemetry-interval-ms", DEFAULTS.telemetryIntervalMs, 100, 3_600_000) }
      : null,
    featureLog: featureLogOf(flags),
  };
}

function featureLogOf(flags: Map<Flag, string>): ServiceOptions["featureLog"] {
  const file = flags.get("feature-log-file");
  const raw = flags.get("feature-log-sample");
  if (!file) {
    if (raw !== undefined) throw new UsageError("--feature-log-sample needs --feature-log-file (where the sampled requests go)");
    return null;
  }
  const sample = raw === undefined ? DEFAULTS.featureLogSample : Number(raw);
  if (!Number.isFinite(sample) || sample < 0 || sample > 1) throw new UsageError(`--feature-log-sample must be a fraction from 0 to 1, not "${raw}"`);
  return { file, sample };
}

function intFlag(flags: Map<Flag, string>, name: Flag, fallback: number, min: number, max: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  return n;
}
