import { Etcd3, type IOptions } from "etcd3";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { publishEtcdRelease } from "./publish-etcd-release";
import { readEtcdApp } from "./read-etcd-app";
import { watchEtcdApp } from "./watch-etcd-app";
import { describeError, withEtcd } from "./with-etcd";
import { logError } from "@/server/log/loggable-error";

export interface EtcdConfigCenterOptions {
  endpoints: string[];
  /** Root of every key the console writes, without a trailing "/" (layout: etcd-layout.ts). */
  prefix?: string;
  /** Deadline of each unary etcd call. */
  callTimeoutMs?: number;
  /** etcd's --max-txn-ops (default 128): a release is one transaction of 3 + version keys operations. */
  maxTxnOps?: number;
  /** etcd's --max-request-bytes (default 1.5 MiB): a release is one request holding the whole document and every version. */
  maxRequestBytes?: number;
  /** Longest wait between attempts to re-open the watch stream after etcd went away. */
  watchRetryMaxMs?: number;
  onError?: (error: unknown) => void;
}

export const DEFAULT_ETCD_PREFIX = "/scoring-console";
/** etcd's own defaults of --max-txn-ops and --max-request-bytes. */
export const DEFAULT_ETCD_LIMITS = { maxTxnOps: 128, maxRequestBytes: 1.5 * 1024 * 1024 };

/** The etcd implementation of the config center (docs/config-center.md#etcd-key-layout). */
export function createEtcdConfigCenter(options: EtcdConfigCenterOptions): ConfigCenter {
  const prefix = (options.prefix ?? DEFAULT_ETCD_PREFIX).replace(/\/+$/, "");
  const callTimeoutMs = options.callTimeoutMs ?? 5_000;
  const onError = options.onError ?? ((error: unknown) => logError("[config-center/etcd]", error));
  const client = new Etcd3({
    hosts: options.endpoints,
    dialTimeout: callTimeoutMs,
    // Streams (watches) live on; every other call gets a deadline so a black-holed etcd fails.
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
    // etcd3's default grows to 30 s between attempts: watchers would lag long after etcd is back.
    faultHandling: { watchBackoff: cappedBackoff(100, options.watchRetryMaxMs ?? 2_000) },
  });
  const stops = new Set<() => void>();

  return {
    kind: "etcd",
    publish: (input) =>
      publishEtcdRelease(client, prefix, input, {
        maxTxnOps: options.maxTxnOps ?? DEFAULT_ETCD_LIMITS.maxTxnOps,
        maxRequestBytes: options.maxRequestBytes ?? DEFAULT_ETCD_LIMITS.maxRequestBytes,
      }),
    read: async (app) => (await readEtcdApp(client, prefix, app)).config,
    watch(app, fromRevision, listener) {
      const stop = watchEtcdApp({ client, prefix, app, fromRevision, listener, onError });
      const stopOnce = () => {
        stops.delete(stopOnce);
        stop();
      };
      stops.add(stopOnce);
      return stopOnce;
    },
    async health() {
      try {
        const status = await withEtcd("status", () => client.maintenance.status({}));
        return { ok: true, detail: `etcd ${status.version} at revision ${status.header.revision}` };
      } catch (error) {
        return { ok: false, detail: describeError(error) };
      }
    },
    async close() {
      for (const stop of [...stops]) stop();
      client.close();
    },
  };
}

type WatchBackoff = NonNullable<NonNullable<IOptions["faultHandling"]>["watchBackoff"]>;

function cappedBackoff(durationMs: number, maxMs: number): WatchBackoff {
  return { duration: durationMs, next: () => cappedBackoff(Math.min(durationMs * 2, maxMs), maxMs) };
}
