/**
 * The console's size limits and count caps, in one place (README "Hardening"). Client-safe:
 * forms show them, the route wrapper (server/http/handle.ts) and the domain enforce them.
 *
 * Body limits are bytes of the request body as sent, answered 413 `payload_too_large` before
 * anything is parsed. Caps are counts a rule of the domain refuses past, answered 422 naming
 * the cap (`details.cap`, `details.limit`).
 */

import { TELEMETRY_LIMITS } from "@/sdk/src/core/telemetry/report";
import { MAX_LOOKUP_KEYS, MAX_ROWS_TEXT } from "./feature-tables";

const KiB = 1024;
const MiB = 1024 * KiB;

/** Most source a code fg may hold (characters), as FgPackageSchema in ./fg.ts says. */
export const MAX_FG_SOURCE = 1_000_000;

/**
 * Items one scoring request may carry (trial scoring and the runtime): the default of
 * SCORING_MAX_ITEMS (server/env.ts), which an operator may raise or lower.
 */
export const MAX_ITEMS_PER_REQUEST = 200;

export const BODY_LIMITS = {
  /** Routes anybody may call (sign-in, hook callbacks): read before anyone is known. */
  anonymous: 16 * KiB,
  /** Any other JSON body, unless its endpoint says more. */
  json: 1 * MiB,
  /** A DAG save: up to DAG_NODES nodes and DAG_EDGES edges with their settings. */
  dagSave: 4 * MiB,
  /** A solutions document (import and its preview) of up to SOLUTIONS_PER_APP solutions. */
  solutionsImport: 8 * MiB,
  /** An fg package (publish, try a draft): up to MAX_FG_SOURCE characters of code, JSON-escaped. */
  fgPackage: 4 * MiB,
  /**
   * A feature-table load: the MAX_ROWS_TEXT file inside a JSON string, where escaping (`\n`,
   * `\"`) can double an ASCII file's size.
   */
  featureTableLoad: 2 * MAX_ROWS_TEXT + 1 * MiB,
  /** One telemetry report (POST /api/v1/telemetry): up to the series caps below. */
  telemetryReport: TELEMETRY_LIMITS.bodyBytes,
  /**
   * A trial scoring request: an origin and up to SCORING_MAX_ITEMS items. 200 items of a few
   * fields take some kilobytes; this leaves about 5 KiB per item at the default cap.
   */
  score: 1 * MiB,
} as const;

export const CAPS = {
  /** Solutions one app holds (create, clone, import). */
  solutionsPerApp: 500,
  /** Nodes and edges of one app's version DAG. */
  dagNodes: 500,
  dagEdges: 2000,
  /** Headers of one trigger node's hook, and the size of each name and value (UTF-8 bytes). */
  hookHeaders: 20,
  hookHeaderNameBytes: 256,
  hookHeaderValueBytes: 8 * KiB,
  /** Keys of one batched feature lookup (POST /api/v1/features/lookup). */
  featureLookupKeys: MAX_LOOKUP_KEYS,
  /** Series of one telemetry report (app x release x solution or bucket x minute), and names per map of one series. */
  telemetrySolutionSeries: TELEMETRY_LIMITS.solutionSeries,
  telemetryBucketSeries: TELEMETRY_LIMITS.bucketSeries,
  telemetryNamesPerMap: TELEMETRY_LIMITS.namesPerMap,
  telemetryHistogramKeys: TELEMETRY_LIMITS.histogramKeys,
  /** Apps one telemetry report names (its `releases`). */
  telemetryApps: TELEMETRY_LIMITS.apps,
} as const;
export type CapName = keyof typeof CAPS;

/** "16 KiB", "1 MiB", "129 MiB", "512 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}
