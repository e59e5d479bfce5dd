import type { FgBatchOutcome } from "@/sdk/src/runtime/ports";
import type { FeatureMap } from "../featuremap";
import { checkFgBatchSize } from "../fg-batch-limits";
import { validateTensorIO } from "../tensor-io";
import { batchTimeout, DEFAULT_CODE_FG_LIMITS, failure, featureMapJson, runCodeFgInThisThread, type BatchDeadline, type CodeFgLimits } from "./run-code-fg";
import { toSandboxError, type SandboxErrorReply } from "./sandbox-error";
import { runBatchInSandboxWorker, type SandboxItemResult } from "./sandbox-pool";

export interface CodeFgBatchLimits extends CodeFgLimits {
  /** The whole batch's time; default batchTimeMs(items, timeoutMs). */
  batchTimeoutMs?: number;
  /** The batch's results together (TensorIOs and logs as JSON): what its one reply may carry. */
  outputBytes?: number;
}

/**
 * A batch's time: each item's limit, summed, up to MAX_BATCH_TIME_MS (or one item's limit when
 * that is longer). The cap is what keeps a big batch from holding a sandbox worker for
 * 200 × 200 ms: with the defaults a batch holds its worker at most 1 s (+ the pool's grace),
 * against 0.2 s for one call.
 */
export const MAX_BATCH_TIME_MS = 1000;
/** Per item the output is bounded by its sandbox's memory, as for one call; this bounds their sum. */
export const MAX_BATCH_OUTPUT_BYTES = 64 * 1024 * 1024;

export function batchTimeMs(items: number, timeoutMs: number): number {
  return Math.min(items * timeoutMs, Math.max(timeoutMs, MAX_BATCH_TIME_MS));
}

/**
 * Runs a code fg on many featureMaps: ONE message to a sandbox worker, which calls build() per
 * item, each in a fresh QuickJS runtime with the single call's time and memory limits, so an
 * item's TensorIO, log writes and error are exactly what runCodeFg gives that featureMap alone
 * (no state of one item's build() reaches the next). Outcomes come back in input order.
 *
 * Limits for the batch as a whole:
 * - time: batchTimeMs(items, timeoutMs) unless given. An item stops at its own limit or at the batch's
 *   deadline, whichever comes first; once the batch's deadline stopped an item, that item and
 *   every item after it get a `timeout` error with `details.batch: true` (retrying those alone,
 *   with runCodeFg, gives the single-call answer). A light item is never stopped by a clock
 *   (the MIN_POLLS rule of run-code-fg.ts), so a batch of quick builds passes on a busy machine.
 * - output: an item whose result would take the batch's results past `outputBytes` gets a
 *   `memory` error (its result is dropped); the items after it still run.
 * - a worker stuck in a native operation is terminated when no item has finished for one call's
 *   limit plus the pool's grace (sandbox-pool.ts), as one call would be: every item of that
 *   batch then gets a `timeout` with `details.batch: true`.
 * Refusals of the batch as a whole reject: over MAX_FG_BATCH_ITEMS (422), a busy pool (429).
 */
export async function runCodeFgBatch(source: string, featureMaps: FeatureMap[], limits: CodeFgBatchLimits = {}, owner?: string): Promise<FgBatchOutcome[]> {
  checkFgBatchSize(featureMaps.length);
  const outcomes: (FgBatchOutcome | undefined)[] = featureMaps.map(() => undefined);
  const inputs: string[] = [];
  const sent: number[] = [];
  featureMaps.forEach((featureMap, i) => {
    try {
      inputs.push(featureMapJson(featureMap));
      sent.push(i);
    } catch (error) {
      outcomes[i] = { error };
    }
  });
  if (inputs.length > 0) {
    const results = await runBatchInSandboxWorker({ source, inputs, limits: resolveBatchLimits(limits, inputs.length), ...(owner ? { owner } : {}) });
    results.forEach((result, k) => {
      const i = sent[k]!;
      outcomes[i] = settle(featureMaps[i]!, result);
    });
  }
  return outcomes as FgBatchOutcome[];
}

/** What runCodeFg does with a worker's answer, per item: the log copied back, the TensorIO validated. */
function settle(featureMap: FeatureMap, result: SandboxItemResult): FgBatchOutcome {
  if ("error" in result) return { error: result.error };
  Object.assign(featureMap.log, result.log);
  try {
    return { io: validateTensorIO(result.io) };
  } catch (error) {
    return { error };
  }
}

export type SandboxItemReply = { io: unknown; log: Record<string, unknown> } | { error: SandboxErrorReply };

export function resolveBatchLimits(limits: CodeFgBatchLimits, items: number): Required<CodeFgBatchLimits> {
  const timeoutMs = limits.timeoutMs ?? DEFAULT_CODE_FG_LIMITS.timeoutMs;
  return {
    timeoutMs,
    memoryBytes: limits.memoryBytes ?? DEFAULT_CODE_FG_LIMITS.memoryBytes,
    batchTimeoutMs: limits.batchTimeoutMs ?? batchTimeMs(items, timeoutMs),
    outputBytes: limits.outputBytes ?? MAX_BATCH_OUTPUT_BYTES,
  };
}

/**
 * The batch in THIS thread: what the sandbox worker runs for one batch message. Each item goes
 * the way a single call goes in the worker (parse, runCodeFgInThisThread, the featureMap's log).
 */
export async function runCodeFgBatchInThisThread(
  source: string,
  inputs: string[],
  limits: CodeFgBatchLimits = {},
  /** Told after each item (the pool's hard stop waits while items finish). */
  onItemDone: () => void = () => {},
): Promise<SandboxItemReply[]> {
  const { timeoutMs, memoryBytes, batchTimeoutMs, outputBytes } = resolveBatchLimits(limits, inputs.length);
  const batch: BatchDeadline = { at: Date.now() + batchTimeoutMs, limitMs: batchTimeoutMs, items: inputs.length, tripped: false };
  const replies: SandboxItemReply[] = [];
  let carried = 0;
  for (const input of inputs) {
    if (batch.tripped) {
      replies.push({ error: toSandboxError(batchTimeout(batch, true)) });
      onItemDone();
      continue;
    }
    const featureMap = JSON.parse(input) as FeatureMap;
    try {
      const io = await runCodeFgInThisThread(source, featureMap, { timeoutMs, memoryBytes }, batch);
      const reply = { io, log: featureMap.log };
      const bytes = Buffer.byteLength(JSON.stringify(reply));
      if (carried + bytes > outputBytes) throw outputTooBig(bytes, outputBytes);
      carried += bytes;
      replies.push(reply);
    } catch (e) {
      replies.push({ error: toSandboxError(e) });
    }
    onItemDone();
  }
  return replies;
}

function outputTooBig(bytes: number, limit: number) {
  const mib = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return failure("memory", `The fg batch's results would exceed ${mib(limit)} MiB in all; this item's result (${mib(bytes)} MiB) was dropped`, {
    limitBytes: limit,
    batch: true,
  });
}
