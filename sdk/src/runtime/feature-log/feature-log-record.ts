import type { TensorIO } from "../types";
import { serializeTensorIO } from "./serialize-tensor-io";

/** The version of the record format; a reader refuses lines of another. */
export const FEATURE_LOG_FORMAT = 1;

/** One scored request (or one item of a batch) as the runtime hands it to the logger. */
export interface FeatureLogScored {
  featureMap: Record<string, unknown>;
  tensorIO: TensorIO;
  outputs: Record<string, unknown>;
}

/**
 * What the runtime passes to `maybeLog` after a request scored: the request as received, where it
 * went, and what its fg and model made of it. A batch passes `items` (item i of the request at
 * index i) instead of featureMap/tensorIO/outputs, and is sampled as a whole.
 */
export type FeatureLogEntry = FeatureLogHead & (FeatureLogScored | { items: (FeatureLogScored | null)[] });

/** Where a request went: the part of a record its items share. */
export interface FeatureLogHead {
  /** ISO time; the logger's clock when absent. */
  time?: string;
  app: string;
  request: unknown;
  /** The config revision scored under (the release); null for a draft. */
  release: number | null;
  solution: string;
  bucket: number;
  fg: { class: string; version: string };
}

/** One line of the log, parsed. `item` is present for the items of a batch only. */
export interface FeatureLogRecord {
  v: typeof FEATURE_LOG_FORMAT;
  time: string;
  app: string;
  release: number | null;
  solution: string;
  bucket: number;
  fg: { class: string; version: string };
  item?: number;
  /** A batch item's line: the request as received without its `items`, and this item's entry apart. */
  request: unknown;
  requestItem?: unknown;
  outputs: Record<string, unknown>;
  featureMap: Record<string, unknown>;
  tensorIO: TensorIO;
}

/** The key that starts the TensorIO, which is always last in a line (see featureLogLine). */
export const TENSOR_IO_KEY = ',"tensorIO":';

/**
 * One JSON line, keys in a fixed order: v, time, app, release, solution, bucket, fg, item (batch
 * items only), request, requestItem (batch items only), outputs, featureMap, tensorIO. The TensorIO is the canonical text
 * (serializeTensorIO) and comes last, so its exact bytes are the line's tail after the last
 * `,"tensorIO":` (inside the canonical TensorIO that text cannot occur): a replay compares those
 * bytes, not a re-serialisation. Other values are JSON.stringify's (numbers shortest round-trip,
 * a bigint as its decimal string, a typed array as an array). Throws on a value JSON cannot hold
 * (a cycle).
 */
export function featureLogLine(
  meta: FeatureLogHead & { time: string },
  scored: FeatureLogScored,
  batch?: { item: number; requestItem?: unknown },
): string {
  const head = JSON.stringify(
    {
      v: FEATURE_LOG_FORMAT,
      time: meta.time,
      app: meta.app,
      release: meta.release,
      solution: meta.solution,
      bucket: meta.bucket,
      fg: { class: meta.fg.class, version: meta.fg.version },
      ...(batch === undefined ? {} : { item: batch.item }),
      request: meta.request,
      ...(batch?.requestItem === undefined ? {} : { requestItem: batch.requestItem }),
      outputs: scored.outputs,
      featureMap: scored.featureMap,
    },
    jsonSafe,
  );
  return `${head.slice(0, -1)}${TENSOR_IO_KEY}${serializeTensorIO(scored.tensorIO)}}`;
}

/** The exact text of a line's TensorIO (undefined when the line has none). */
export function loggedTensorIOText(line: string): string | undefined {
  const at = line.lastIndexOf(TENSOR_IO_KEY);
  if (at < 0 || !line.endsWith("}")) return undefined;
  return line.slice(at + TENSOR_IO_KEY.length, -1);
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>, (v) => (typeof v === "bigint" ? v.toString() : v));
  return value;
}
