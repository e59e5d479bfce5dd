import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { runCodeFgBatchInThisThread, type SandboxItemReply } from "./run-code-fg-batch";
import { failure, runCodeFgInThisThread } from "./run-code-fg";
import { fromSandboxError, toSandboxError, type SandboxErrorReply } from "./sandbox-error";

/**
 * Code fgs run in a small pool of worker threads, not on the console's event loop.
 *
 * QuickJS enforces the time limit by polling an interrupt handler between bytecodes, but one
 * native operation is never interrupted: an fg allocating big arrays close to its memory limit
 * (`for (;;) a.push(new Array(1e5).fill(1))`) spent over 20 s inside the interpreter's
 * allocator before it failed, with a 200 ms limit. On the main thread that froze every request
 * of the console. In a worker, such a call is cut off at its limit plus GRACE_MS by terminating
 * the thread (a fresh one takes the next call), and the console keeps serving meanwhile.
 *
 * One person must not starve everyone else's fgs (20 memory bombs from one editor made
 * another person wait 46 s behind a single worker), so:
 * - `workers` threads (FG_SANDBOX_WORKERS) each run one call at a time;
 * - one owner (a person, or "system" for scoring) runs on at most `workers - 1` of them at
 *   once (1 with one worker): a thread is always left for the others;
 * - waiting calls are taken owner by owner in turn, not first come first served;
 * - at most `queueSize` calls wait (FG_SANDBOX_QUEUE), and one owner's at most half of them:
 *   past that a call is refused at once with 429 and Retry-After instead of waiting unbounded.
 *
 * A batch (run-code-fg-batch.ts) is ONE call here: one message to one worker, one place in the
 * queue, one turn of its owner, under the same per-owner cap, so another owner always finds a
 * thread however big the batches. Its items' time is bounded in the worker (MAX_BATCH_TIME_MS
 * for those doing real work); the hard stop here is one call's (limit plus grace) WITHOUT
 * PROGRESS: the worker counts finished items in shared memory, and the stop is re-armed while
 * that count moves. An item stalled in a native operation thus holds the worker no longer than
 * the same call alone would, and a long batch of quick builds on a busy machine is never cut off.
 *
 * The worker loads the fg engine from the sources through tsx (a dependency), so the same code
 * runs under `next start`, vitest and the offline runner; if a worker cannot start there, calls
 * run in this thread (with a warning).
 */
const GRACE_MS = 1000;
const ENTRY = "server/fg/code/sandbox-worker-entry.ts";
/** What a refused caller is told to wait: calls take milliseconds, a cut-off one its limit. */
const RETRY_AFTER_SECONDS = 1;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: workerData.tsconfig });
  const { runCodeFgInThisThread, runCodeFgBatchInThisThread, loadSandboxEngine, toSandboxError } = await import(workerData.entry);
  // Compiled before "ready": the first call's time limit is the fg's, not the engine's start.
  await loadSandboxEngine();
  parentPort.on("message", async (job) => {
    try {
      if (job.inputs) {
        const progress = new Int32Array(job.progress);
      const items = await runCodeFgBatchInThisThread(job.source, job.inputs, job.limits, () => Atomics.add(progress, 0, 1));
        return parentPort.postMessage({ id: job.id, ok: true, items });
      }
      const featureMap = JSON.parse(job.input);
      const io = await runCodeFgInThisThread(job.source, featureMap, job.limits);
      parentPort.postMessage({ id: job.id, ok: true, io, log: featureMap.log });
    } catch (e) {
      parentPort.postMessage({ id: job.id, ok: false, error: toSandboxError(e) });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ ready: false, reason: String((e && e.stack) || e) }));
`;

export interface SandboxRequest {
  source: string;
  /** The featureMap as JSON text. */
  input: string;
  limits: { timeoutMs: number; memoryBytes: number };
  /** Whose call this is (a person's id); calls without one share the owner "system". */
  owner?: string;
}

export interface SandboxResult {
  io: unknown;
  log: Record<string, unknown>;
}

/** A batch: one featureMap (JSON text) per item, all run by one worker on one message. */
export interface SandboxBatchRequest extends Omit<SandboxRequest, "input" | "limits"> {
  inputs: string[];
  limits: SandboxRequest["limits"] & { batchTimeoutMs: number; outputBytes: number };
}

/** One item of a batch: its result, or the error a single call on it would have thrown. */
export type SandboxItemResult = SandboxResult | { error: AppError };

export interface SandboxPoolOptions {
  workers: number;
  queueSize: number;
}

/** What a worker is sent: one featureMap, or a batch's. */
type Work = { input: string; inputs?: undefined } | { inputs: string[]; input?: undefined };

interface Job {
  id: number;
  owner: string;
  source: string;
  work: Work;
  limits: SandboxBatchRequest["limits"] | SandboxRequest["limits"];
  /** How long the job may hold a worker (without progress, for a batch) before the worker is terminated. */
  holdMs: number;
  /** A batch's finished items, counted by the worker. */
  progress?: Int32Array;
  /** The worker's answer. */
  answer: (reply: WorkerAnswer) => void;
  /** Failed after it was handed to a worker (stopped, crashed): a batch fails item by item. */
  fail: (e: AppError) => void;
  /** Refused or dropped before it ran (busy, shut down): a batch is refused whole. */
  reject: (e: unknown) => void;
}

type WorkerAnswer = { ok: true; io: unknown; log: Record<string, unknown> } | { ok: true; items: SandboxItemReply[] } | { ok: false; error: SandboxErrorReply };
type WorkerReply = WorkerAnswer & { id: number };

interface Slot {
  worker: Worker;
  /** Settles once: whether the worker started. */
  ready: Promise<boolean>;
  state: "starting" | "ready" | "failed" | "gone";
  running: { job: Job; timer: NodeJS.Timeout; progressSeen: number } | null;
}

export class SandboxPool {
  private readonly slots: Slot[] = [];
  /** Waiting calls by owner; the Map's order is the turn order (an owner served goes last). */
  private readonly waiting = new Map<string, Job[]>();
  private queued = 0;
  private readonly runningByOwner = new Map<string, number>();
  private nextId = 1;
  private closed = false;
  readonly workers: number;
  readonly queueSize: number;

  constructor(options: SandboxPoolOptions) {
    this.workers = Math.max(1, Math.floor(options.workers));
    this.queueSize = Math.max(0, Math.floor(options.queueSize));
  }

  /** Most threads one owner holds at once: all but one, so another owner always finds one. */
  get perOwnerRunning(): number {
    return Math.max(1, this.workers - 1);
  }

  /** Most calls of one owner that may wait: half the queue (at least one). */
  get perOwnerQueued(): number {
    return Math.max(1, Math.floor(this.queueSize / 2));
  }

  /** Messages posted to workers: one per call, one per batch (stats(), for tests). */
  private posted = 0;

  run(request: SandboxRequest): Promise<SandboxResult> {
    return new Promise((resolve, reject) => {
      const fail = (e: AppError) => reject(e);
      const answer = (reply: WorkerAnswer) => {
        if (!reply.ok) reject(fromSandboxError(reply.error));
        else if ("io" in reply) resolve({ io: reply.io, log: reply.log });
        else reject(failure("sandbox", "The fg sandbox answered a call with a batch"));
      };
      const holdMs = request.limits.timeoutMs + GRACE_MS;
      this.enqueue({ source: request.source, work: { input: request.input }, limits: request.limits, holdMs, answer, fail, reject }, request.owner);
    });
  }

  /** A batch as one job; outcomes in input order. A failure of the whole run is every item's error. */
  runBatch(request: SandboxBatchRequest): Promise<SandboxItemResult[]> {
    return new Promise((resolve, reject) => {
      const n = request.inputs.length;
      const fail = (e: AppError) => resolve(request.inputs.map(() => ({ error: e })));
      const answer = (reply: WorkerAnswer) => {
        if (!reply.ok) return fail(fromSandboxError(reply.error));
        if (!("items" in reply) || reply.items.length !== n) return fail(failure("sandbox", "The fg sandbox answered a batch with something else"));
        resolve(reply.items.map((item) => ("error" in item ? { error: fromSandboxError(item.error) } : item)));
      };
      const holdMs = request.limits.timeoutMs + GRACE_MS;
      const progress = new Int32Array(new SharedArrayBuffer(4));
      this.enqueue({ source: request.source, work: { inputs: request.inputs }, limits: request.limits, holdMs, progress, answer, fail, reject }, request.owner);
    });
  }

  private enqueue(call: Omit<Job, "id" | "owner">, requestOwner: string | undefined): void {
    const reject = call.reject;
    if (this.closed) return reject(failure("sandbox", "The fg sandbox is shut down"));
    const owner = requestOwner ?? "system";
    const job: Job = { ...call, owner, id: this.nextId++ };
    const mine = this.waiting.get(owner) ?? [];
    // Only a call that would wait counts against the queue.
    const runsNow = mine.length === 0 && (this.runningByOwner.get(owner) ?? 0) < this.perOwnerRunning && this.slots.some((s) => s.state === "ready" && !s.running);
    if (!runsNow) {
      if (this.queued >= this.queueSize) return reject(busy(`${this.queued} calls are waiting`, this.queueSize));
      if (mine.length >= this.perOwnerQueued) return reject(busy(`you have ${mine.length} calls waiting`, this.perOwnerQueued));
    }
    mine.push(job);
    this.waiting.set(owner, mine);
    this.queued++;
    this.pump();
  }

  /** Starts every worker and resolves once each answered whether it started (tests, warm-up). */
  async warm(): Promise<void> {
    while (this.slots.length < this.workers) this.spawn();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** What the pool is doing, per owner: for tests and diagnostics. */
  stats(): { running: Record<string, number>; queued: Record<string, number>; workers: number; posted: number } {
    return {
      posted: this.posted,
      running: Object.fromEntries([...this.runningByOwner].filter(([, n]) => n > 0)),
      queued: Object.fromEntries([...this.waiting].map(([owner, jobs]) => [owner, jobs.length])),
      workers: this.slots.filter((s) => s.state !== "gone" && s.state !== "failed").length,
    };
  }

  /** Stops every worker; running and waiting calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const jobs of this.waiting.values()) for (const job of jobs) job.reject(failure("sandbox", "The fg sandbox was shut down"));
    this.waiting.clear();
    this.queued = 0;
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot, "The fg sandbox was shut down")));
  }

  /** Hands waiting calls to idle workers, owner by owner; starts workers up to the pool size. */
  private pump(): void {
    if (this.closed) return;
    for (;;) {
      const idle = this.slots.find((s) => s.state === "ready" && !s.running);
      if (!idle) break;
      const job = this.take();
      if (!job) break;
      this.dispatch(idle, job);
    }
    // Start a worker for calls that could run but find none (up to the pool size).
    const starting = this.slots.filter((s) => s.state === "starting").length;
    const runnable = this.runnableOwners();
    if (runnable > starting && this.slots.length < this.workers) this.spawn();
    // A pool whose workers cannot start runs calls here, one at a time.
    if (this.slots.length > 0 && this.slots.every((s) => s.state === "failed")) {
      const job = this.take();
      if (job) this.runHere(job);
    }
  }

  /** The next call to run: the first owner in turn with a call waiting and a thread to spare. */
  private take(): Job | undefined {
    for (const [owner, jobs] of this.waiting) {
      if ((this.runningByOwner.get(owner) ?? 0) >= this.perOwnerRunning) continue;
      const job = jobs.shift()!;
      this.waiting.delete(owner);
      if (jobs.length > 0) this.waiting.set(owner, jobs);
      this.queued--;
      return job;
    }
    return undefined;
  }

  private runnableOwners(): number {
    let n = 0;
    for (const owner of this.waiting.keys()) if ((this.runningByOwner.get(owner) ?? 0) < this.perOwnerRunning) n++;
    return n;
  }

  private dispatch(slot: Slot, job: Job): void {
    this.runningByOwner.set(job.owner, (this.runningByOwner.get(job.owner) ?? 0) + 1);
    const timer = setTimeout(() => this.holdOver(slot, job), job.holdMs);
    slot.running = { job, timer, progressSeen: 0 };
    slot.worker.ref();
    this.posted++;
    slot.worker.postMessage({ id: job.id, source: job.source, ...job.work, limits: job.limits, ...(job.progress ? { progress: job.progress.buffer } : {}) });
  }

  /** A job's hold ran out: a batch whose items still finish gets another; anything else is cut off. */
  private holdOver(slot: Slot, job: Job): void {
    const running = slot.running;
    if (running?.job !== job) return;
    const done = job.progress ? Atomics.load(job.progress, 0) : 0;
    if (done > running.progressSeen) {
      running.progressSeen = done;
      running.timer = setTimeout(() => this.holdOver(slot, job), job.holdMs);
      return;
    }
    this.cutOff(slot, job);
  }

  /** The call on `slot` is over: the owner's thread is free again. */
  private release(slot: Slot): Job | undefined {
    const running = slot.running;
    if (!running) return undefined;
    clearTimeout(running.timer);
    slot.running = null;
    const n = (this.runningByOwner.get(running.job.owner) ?? 1) - 1;
    if (n > 0) this.runningByOwner.set(running.job.owner, n);
    else this.runningByOwner.delete(running.job.owner);
    if (slot.state === "ready") slot.worker.unref();
    return running.job;
  }

  private spawn(): Slot {
    const cwd = process.cwd();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { entry: pathToFileURL(path.join(cwd, ENTRY)).href, tsconfig: path.join(cwd, "tsconfig.json") },
    });
    let settle: (ok: boolean) => void = () => {};
    const slot: Slot = { worker, ready: new Promise<boolean>((resolve) => (settle = resolve)), state: "starting", running: null };
    this.slots.push(slot);
    // Referenced while starting (a caller awaits it) and while running a call; idle, it keeps no process alive.
    const started = (ok: boolean) => {
      if (slot.state === "starting") slot.state = ok ? "ready" : "failed";
      if (!slot.running) worker.unref();
      settle(ok);
      this.pump();
    };
    worker.on("message", (m: { ready?: boolean; reason?: string } | WorkerReply) => {
      if (!("id" in m)) {
        if (!m.ready) warnOnce(m.reason ?? "unknown reason");
        return started(m.ready === true);
      }
      this.finish(slot, m);
    });
    worker.on("error", (e) => {
      warnOnce(e.message);
      started(false);
    });
    // A worker that dies (crashed, or terminated at a limit) is replaced by the next pump.
    worker.on("exit", () => {
      // A worker that never started stays as "failed": calls then run here, and no new worker is tried.
      if (slot.state !== "failed") slot.state = "gone";
      settle(false);
      const job = this.release(slot);
      if (slot.state === "gone") this.drop(slot);
      job?.fail(failure("sandbox", "The fg sandbox stopped unexpectedly; the call was not completed"));
      this.pump();
    });
    return slot;
  }

  private finish(slot: Slot, reply: WorkerReply): void {
    if (slot.running?.job.id !== reply.id) return;
    const job = this.release(slot)!;
    job.answer(reply);
    this.pump();
  }

  /** The interpreter did not stop in time: the thread goes, with whatever it was doing. */
  private cutOff(slot: Slot, job: Job): void {
    if (slot.running?.job !== job) return;
    this.release(slot);
    slot.state = "gone";
    this.drop(slot);
    void slot.worker.terminate();
    const limitMs = job.limits.timeoutMs;
    if (job.work.inputs) {
      const items = job.work.inputs.length;
      job.fail(failure("timeout", `An item of the fg batch (${items} items) ran longer than its ${limitMs} ms limit; the batch was stopped`, { limitMs, batch: true }));
    } else {
      job.fail(failure("timeout", `The fg code ran longer than its ${limitMs} ms limit and was stopped`, { limitMs }));
    }
    this.pump();
  }

  private async retire(slot: Slot, reason: string): Promise<void> {
    const job = this.release(slot);
    slot.state = "gone";
    job?.fail(failure("sandbox", reason));
    await slot.worker.terminate();
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private runHere(job: Job): void {
    this.runningByOwner.set(job.owner, (this.runningByOwner.get(job.owner) ?? 0) + 1);
    const done = () => {
      const n = (this.runningByOwner.get(job.owner) ?? 1) - 1;
      if (n > 0) this.runningByOwner.set(job.owner, n);
      else this.runningByOwner.delete(job.owner);
      this.pump();
    };
    const { inputs, input } = job.work;
    const run = async (): Promise<WorkerAnswer> => {
      if (inputs) return { ok: true, items: await runCodeFgBatchInThisThread(job.source, inputs, job.limits) };
      const featureMap = JSON.parse(input) as Parameters<typeof runCodeFgInThisThread>[1];
      const io = await runCodeFgInThisThread(job.source, featureMap, job.limits);
      return { ok: true, io, log: featureMap.log };
    };
    run().then(
      (reply) => {
        job.answer(reply);
        done();
      },
      (e: unknown) => {
        job.answer({ ok: false, error: toSandboxError(e) });
        done();
      },
    );
  }
}

function busy(why: string, limit: number): AppError {
  return new AppError("rate_limited", `The fg sandbox is busy (${why}; at most ${limit}). Try again in ${RETRY_AFTER_SECONDS} s.`, {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    limit,
  });
}

let warned = false;
function warnOnce(reason: string): void {
  if (warned) return;
  warned = true;
  console.warn(`[fg] the code fg sandbox worker could not start (${reason.split("\n")[0]}); code fgs run on the main thread, where a runaway native operation can outlast its time limit`);
}

const holder = globalThis as unknown as { __fgSandboxPool?: SandboxPool };

/** The process's pool, sized by FG_SANDBOX_WORKERS and FG_SANDBOX_QUEUE. */
export function sandboxPool(): SandboxPool {
  holder.__fgSandboxPool ??= new SandboxPool({ workers: env().FG_SANDBOX_WORKERS, queueSize: env().FG_SANDBOX_QUEUE });
  return holder.__fgSandboxPool;
}

export function runInSandboxWorker(request: SandboxRequest): Promise<SandboxResult> {
  return sandboxPool().run(request);
}

export function runBatchInSandboxWorker(request: SandboxBatchRequest): Promise<SandboxItemResult[]> {
  return sandboxPool().runBatch(request);
}
