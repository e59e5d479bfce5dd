import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError, type ErrorCode } from "@/server/errors";
import { failure, runCodeFgInThisThread } from "./run-code-fg";

/**
 * Code fgs run in a worker thread, not on the console's event loop.
 *
 * QuickJS enforces the time limit by polling an interrupt handler between bytecodes, but one
 * native operation is never interrupted: an fg allocating big arrays close to its memory limit
 * (`for (;;) a.push(new Array(1e5).fill(1))`) spent over 20 s inside the interpreter's
 * allocator before it failed, with a 200 ms limit. On the main thread that froze every request
 * of the console. In a worker, such a call is cut off at its limit plus GRACE_MS by terminating
 * the thread (a fresh one takes the next call), and the console keeps serving meanwhile.
 *
 * One worker runs calls one at a time, in order. The worker loads the fg engine from the
 * sources through tsx (a dependency), so the same code runs under `next start`, vitest and the
 * offline runner; if a worker cannot start there, calls run in this thread (with a warning).
 */
const GRACE_MS = 1000;
const ENTRY = "server/fg/code/run-code-fg.ts";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: workerData.tsconfig });
  const { runCodeFgInThisThread, loadSandboxEngine } = await import(workerData.entry);
  // Compiled before "ready": the first call's time limit is the fg's, not the engine's start.
  await loadSandboxEngine();
  parentPort.on("message", async (job) => {
    const featureMap = JSON.parse(job.input);
    try {
      const io = await runCodeFgInThisThread(job.source, featureMap, job.limits);
      parentPort.postMessage({ id: job.id, ok: true, io, log: featureMap.log });
    } catch (e) {
      const error = e && e.name === "AppError"
        ? { code: e.code, message: e.message, details: e.details }
        : { message: String((e && e.message) || e) };
      parentPort.postMessage({ id: job.id, ok: false, error });
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
}

export interface SandboxResult {
  io: unknown;
  log: Record<string, unknown>;
}

interface Job extends SandboxRequest {
  id: number;
  resolve: (r: SandboxResult) => void;
  reject: (e: unknown) => void;
}

type WorkerReply = { id: number; ok: true; io: unknown; log: Record<string, unknown> } | { id: number; ok: false; error: { code?: ErrorCode; message: string; details?: unknown } };

interface Slot {
  worker: Worker;
  ready: Promise<boolean>;
}

const queue: Job[] = [];
let slot: Slot | null = null;
let running: { job: Job; slot: Slot; timer: NodeJS.Timeout } | null = null;
let nextId = 1;
let warned = false;

export function runInSandboxWorker(request: SandboxRequest): Promise<SandboxResult> {
  return new Promise((resolve, reject) => {
    queue.push({ ...request, id: nextId++, resolve, reject });
    void pump();
  });
}

async function pump(): Promise<void> {
  if (running || queue.length === 0) return;
  const current = (slot ??= spawn());
  current.worker.ref();
  const ok = await current.ready;
  // Another pump may have dispatched while this one waited.
  if (running || queue.length === 0) {
    if (!running && queue.length === 0) current.worker.unref();
    return;
  }
  const job = queue.shift()!;
  if (!ok) {
    runHere(job);
    return;
  }
  const timer = setTimeout(() => cutOff(current, job), job.limits.timeoutMs + GRACE_MS);
  running = { job, slot: current, timer };
  current.worker.postMessage({ id: job.id, source: job.source, input: job.input, limits: job.limits });
}

function spawn(): Slot {
  const cwd = process.cwd();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { entry: pathToFileURL(path.join(cwd, ENTRY)).href, tsconfig: path.join(cwd, "tsconfig.json") },
  });
  let settle: (ok: boolean) => void = () => {};
  const ready = new Promise<boolean>((resolve) => (settle = resolve));
  const current: Slot = { worker, ready };
  worker.on("message", (m: { ready?: boolean; reason?: string } | WorkerReply) => {
    if (!("id" in m)) {
      if (!m.ready) warnOnce(m.reason ?? "unknown reason");
      settle(m.ready === true);
      return;
    }
    finish(current, m);
  });
  worker.on("error", (e) => {
    warnOnce(e.message);
    settle(false);
  });
  worker.on("exit", () => {
    settle(false);
    if (slot === current) slot = null;
    if (running?.slot === current) {
      const { job, timer } = running;
      clearTimeout(timer);
      running = null;
      job.reject(failure("sandbox", "The fg sandbox stopped unexpectedly; the call was not completed"));
    }
    void pump();
  });
  return current;
}

function finish(current: Slot, reply: WorkerReply): void {
  if (running?.slot !== current || running.job.id !== reply.id) return;
  const { job, timer } = running;
  clearTimeout(timer);
  running = null;
  if (reply.ok) job.resolve({ io: reply.io, log: reply.log });
  else if (reply.error.code) job.reject(new AppError(reply.error.code, reply.error.message, reply.error.details));
  else job.reject(failure("sandbox", `The fg sandbox failed: ${reply.error.message}`));
  if (queue.length === 0) current.worker.unref();
  void pump();
}

/** The interpreter did not stop in time: the thread goes, with whatever it was doing. */
function cutOff(current: Slot, job: Job): void {
  if (running?.job !== job) return;
  running = null;
  if (slot === current) slot = null;
  void current.worker.terminate();
  const limitMs = job.limits.timeoutMs;
  job.reject(failure("timeout", `The fg code ran longer than its ${limitMs} ms limit and was stopped`, { limitMs }));
  void pump();
}

function runHere(job: Job): void {
  const featureMap = JSON.parse(job.input) as Parameters<typeof runCodeFgInThisThread>[1];
  runCodeFgInThisThread(job.source, featureMap, job.limits).then(
    (io) => job.resolve({ io, log: featureMap.log }),
    (e: unknown) => job.reject(e),
  );
  void pump();
}

function warnOnce(reason: string): void {
  if (warned) return;
  warned = true;
  console.warn(`[fg] the code fg sandbox worker could not start (${reason.split("\n")[0]}); code fgs run on the main thread, where a runaway native operation can outlast its time limit`);
}
