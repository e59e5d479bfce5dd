import { getDatabase } from "@/db";
import { env } from "@/server/env";
import { createBuiltinConfigCenter } from "./builtin/create-builtin-config-center";
import type { ConfigCenter } from "./config-center";
import { createEtcdConfigCenter, DEFAULT_ETCD_PREFIX } from "./etcd/create-etcd-config-center";

export interface ConfigCenterHandle {
  center: ConfigCenter;
  /** For the admin page: "this console (PostgreSQL)" or the etcd endpoints and prefix. */
  location: string;
}

// One center per process (Next.js may load this module in several bundles): on globalThis.
const globalForCenter = globalThis as unknown as { __scoringConfigCenter?: Promise<ConfigCenterHandle> };

/** The process-wide config center chosen by CONFIG_CENTER (builtin, the default, or etcd). */
export async function getConfigCenter(): Promise<ConfigCenter> {
  return (await getConfigCenterHandle()).center;
}

export function getConfigCenterHandle(): Promise<ConfigCenterHandle> {
  globalForCenter.__scoringConfigCenter ??= openConfigCenter().catch((error: unknown) => {
    globalForCenter.__scoringConfigCenter = undefined;
    throw error;
  });
  return globalForCenter.__scoringConfigCenter;
}

/** Parses ETCD_ENDPOINTS: comma-separated, each with or without a scheme. */
export function parseEtcdEndpoints(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (/^[a-z]+:\/\//.test(part) ? part : `http://${part}`));
}

async function openConfigCenter(): Promise<ConfigCenterHandle> {
  const e = env();
  if (e.CONFIG_CENTER === "etcd") {
    const endpoints = parseEtcdEndpoints(e.ETCD_ENDPOINTS);
    if (endpoints.length === 0) throw new Error("CONFIG_CENTER=etcd needs ETCD_ENDPOINTS (e.g. http://127.0.0.1:2379)");
    const prefix = e.ETCD_PREFIX ?? DEFAULT_ETCD_PREFIX;
    const center = createEtcdConfigCenter({ endpoints, prefix, maxTxnOps: e.ETCD_MAX_TXN_OPS, maxRequestBytes: e.ETCD_MAX_REQUEST_BYTES });
    return { center, location: `etcd ${endpoints.join(", ")} under ${prefix}` };
  }
  const database = await getDatabase();
  const center = createBuiltinConfigCenter({ db: database.db, listenUrl: database.kind === "postgres" ? e.DATABASE_URL : undefined });
  return { center, location: database.kind === "postgres" ? "this console (PostgreSQL, LISTEN/NOTIFY)" : "this console (embedded PGlite)" };
}
