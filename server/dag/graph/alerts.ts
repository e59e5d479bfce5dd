import type { DagNode, DagNodeState } from "@/server/contracts/dag";
import type { DagAlert } from "@/server/contracts/dag-status";

export type { DagAlert };

export type AlertInput = Pick<DagNode, "key" | "staleAfterSeconds" | "expiresAfterSeconds"> &
  Pick<DagNodeState, "online" | "onlineSince"> & {
    /** An output node whose release failed its verification: the version it wrote, since when, why. */
    failure?: { version: string; since: string; message: string } | null;
  };

export interface AlertOptions {
  /** Share of expiresAfterSeconds after which a version counts as close to expiry. */
  expiringAt?: number;
}

/**
 * Alerts of docs/dag.md#nodes-and-versions, measured from when the online version was set:
 * - stale: it has not changed for longer than staleAfterSeconds;
 * - expiring: it is older than `expiringAt` (default 80%) of expiresAfterSeconds;
 * - expired: it is older than expiresAfterSeconds.
 * A node without an online version, or without the limit, has no such alert.
 * - verification_failed: an output node's release failed its verification (until it is retried).
 */
export function findAlerts(nodes: AlertInput[], now: Date, options: AlertOptions = {}): DagAlert[] {
  const expiringAt = options.expiringAt ?? 0.8;
  const alerts: DagAlert[] = [];
  for (const node of nodes) {
    if (node.failure) {
      const since = Date.parse(node.failure.since);
      const ageSeconds = Number.isNaN(since) ? 0 : Math.max(0, Math.floor((now.getTime() - since) / 1000));
      alerts.push({ kind: "verification_failed", key: node.key, version: node.failure.version, since: node.failure.since, ageSeconds, limitSeconds: 0, message: `${node.key}: ${node.failure.message}` });
    }
    if (node.online === null || node.onlineSince === null) continue;
    const since = Date.parse(node.onlineSince);
    if (Number.isNaN(since)) continue;
    const ageSeconds = Math.floor((now.getTime() - since) / 1000);
    const base = { key: node.key, version: node.online, since: node.onlineSince, ageSeconds };
    const stale = node.staleAfterSeconds;
    if (stale !== undefined && ageSeconds > stale) {
      alerts.push({
        ...base,
        kind: "stale",
        limitSeconds: stale,
        message: `${node.key} has stayed at ${node.online} for ${duration(ageSeconds)} (limit ${duration(stale)})`,
      });
    }
    const expires = node.expiresAfterSeconds;
    if (expires !== undefined && ageSeconds >= expires) {
      alerts.push({
        ...base,
        kind: "expired",
        limitSeconds: expires,
        message: `${node.key} version ${node.online} expired ${duration(ageSeconds - expires)} ago`,
      });
    } else if (expires !== undefined && ageSeconds >= expires * expiringAt) {
      alerts.push({
        ...base,
        kind: "expiring",
        limitSeconds: expires,
        message: `${node.key} version ${node.online} expires in ${duration(expires - ageSeconds)}`,
      });
    }
  }
  return alerts;
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}
