import {
  Scope,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSWASMModule,
} from "quickjs-emscripten";
import { AppError } from "@/server/errors";
import type { FeatureMap } from "../featuremap";
import { validateTensorIO, type TensorIO } from "../tensor-io";
import { discardQuickJSModule, quickJSModule } from "./quickjs-module";
import { SANDBOX_PRELUDE } from "./sandbox-prelude";
import { runInSandboxWorker } from "./sandbox-pool";

export interface CodeFgLimits {
  /** Wall-clock budget of one call: loading the module, build(), serialising the result. */
  timeoutMs?: number;
  /** Heap of the sandbox (QuickJS allocations), including the featureMap copied in. */
  memoryBytes?: number;
}

export const DEFAULT_CODE_FG_LIMITS = { timeoutMs: 200, memoryBytes: 32 * 1024 * 1024 } as const;

/**
 * The time a whole batch may take, shared by its items (run-code-fg-batch.ts): an item stops at
 * its own limit or at this deadline, whichever comes first. `tripped` is set when the batch's
 * deadline is what stopped an item: the items after it are not run.
 */
export interface BatchDeadline {
  at: number;
  limitMs: number;
  items: number;
  tripped: boolean;
}

/**
 * QuickJS's own stack limit. It must trip before V8's stack (which the WebAssembly frames
 * share) does; the rare recursion that still overflows the host stack is caught below.
 */
const SANDBOX_STACK_BYTES = 256 * 1024;
const FILENAME = "fg.js";

/** What was running when the sandbox threw. */
type Phase = "harness" | "load" | "build" | "result";

export type CodeFgFailure =
  | "syntax"
  | "thrown"
  | "timeout"
  | "memory"
  | "stack"
  | "no_build"
  | "bad_input"
  | "bad_result"
  | "sandbox";

/**
 * Runs a code fg: JavaScript source exporting `build(featureMap)` (ES `export function build`,
 * `export default function`, or CommonJS `module.exports = { build }`) that returns a TensorIO.
 *
 * The code runs in QuickJS compiled to WebAssembly, in a fresh runtime per call: it sees only
 * the JavaScript language and the featureMap passed in as JSON. No require or import, no file
 * system, network, process, timers or console exist in there, and the time and memory limits
 * are enforced by the interpreter. docs/fg.md explains why this and not node:vm.
 *
 * Writes the fg makes to featureMap.log are copied back to the caller's featureMap.log.
 * Failures are unprocessable AppErrors whose details.reason is a CodeFgFailure.
 */
export async function runCodeFg(source: string, featureMap: FeatureMap, limits: CodeFgLimits = {}, owner?: string): Promise<TensorIO> {
  const input = featureMapJson(featureMap);
  const timeoutMs = limits.timeoutMs ?? DEFAULT_CODE_FG_LIMITS.timeoutMs;
  const memoryBytes = limits.memoryBytes ?? DEFAULT_CODE_FG_LIMITS.memoryBytes;
  // Off the console's event loop: see sandbox-pool.ts for why the interpreter's own limits are
  // not enough, and how `owner` (whose call it is) keeps one person from starving the others.
  const { io, log } = await runInSandboxWorker({ source, input, limits: { timeoutMs, memoryBytes }, owner });
  Object.assign(featureMap.log, log);
  return validateTensorIO(io);
}

/** Compiles the QuickJS engine now (a sandbox worker does, before it takes calls). */
export async function loadSandboxEngine(): Promise<void> {
  await quickJSModule();
}

/**
 * The same run in THIS thread: what the sandbox worker calls. The interpreter enforces the
 * limits, except inside one long native operation (see sandbox-pool.ts): not for the console's
 * main thread.
 */
export async function runCodeFgInThisThread(source: string, featureMap: FeatureMap, limits: CodeFgLimits = {}, batch?: BatchDeadline): Promise<TensorIO> {
  const timeoutMs = limits.timeoutMs ?? DEFAULT_CODE_FG_LIMITS.timeoutMs;
  const memoryBytes = limits.memoryBytes ?? DEFAULT_CODE_FG_LIMITS.memoryBytes;
  const input = featureMapJson(featureMap);

  const quickJs = await quickJSModule();
  let text: string;
  try {
    text = runInSandbox(quickJs, source, input, { timeoutMs, memoryBytes }, batch);
  } catch (e) {
    if (e instanceof AppError) throw e;
    // Not an error of the fg's JavaScript but of the WebAssembly machinery running it: its
    // state is suspect, so the whole module is dropped and the next call starts clean.
    discardQuickJSModule(quickJs);
    if (e instanceof RangeError) throw failure("stack", "The fg code recursed too deeply (stack overflow)");
    throw failure("sandbox", `The fg sandbox failed: ${message(e)}`);
  }

  const output = JSON.parse(text) as { io?: unknown; log?: unknown };
  if (output.log !== null && typeof output.log === "object" && !Array.isArray(output.log)) {
    Object.assign(featureMap.log, output.log);
  }
  return validateTensorIO(output.io);
}

function runInSandbox(module: QuickJSWASMModule, source: string, input: string, limits: Required<CodeFgLimits>, batch?: BatchDeadline): string {
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(SANDBOX_STACK_BYTES);
  runtime.setInterruptHandler(interruptWhenOverTime(Date.now() + limits.timeoutMs, batch));
  const context = runtime.newContext();
  const scope = new Scope();
  let healthy = true;
  try {
    return new Sandbox(context, scope, limits, batch).run(source, input);
  } catch (e) {
    healthy = e instanceof AppError;
    throw e;
  } finally {
    // Freeing a runtime whose WebAssembly state broke mid-call can abort: leave it to the GC
    // together with the discarded module.
    if (healthy) {
      scope.dispose();
      context.dispose();
      runtime.dispose();
    }
  }
}

/**
 * QuickJS polls its interrupt handler about every 10,000 steps (calls and loop iterations). The
 * deadline alone would also cut off a short fg whose thread merely waited for a CPU on a busy
 * machine, and the same fg would then pass or fail by the machine's load. So the time limit
 * applies only to code that has done real work: at least MIN_POLLS polls (about half a million
 * steps, a few ms of an idle core), which no fg that finishes quickly reaches. A runaway loop
 * reaches it at once and is stopped at its deadline as before.
 */
const MIN_POLLS = 50;

function interruptWhenOverTime(deadline: number, batch?: BatchDeadline): () => boolean {
  let polls = 0;
  return () => {
    if (++polls < MIN_POLLS) return false;
    const now = Date.now();
    // The item's own limit first: a batch's first item is stopped exactly as a single call is.
    if (now > deadline) return true;
    if (batch && now > batch.at) return (batch.tripped = true);
    return false;
  };
}

class Sandbox {
  constructor(
    private readonly ctx: QuickJSContext,
    private readonly scope: Scope,
    private readonly limits: Required<CodeFgLimits>,
    private readonly batch?: BatchDeadline,
  ) {}

  /** Loads the source, calls build(featureMap) and returns `{ io, log }` as JSON text. */
  run(source: string, input: string): string {
    const harness = this.unwrap(this.ctx.evalCode(SANDBOX_PRELUDE, "prelude.js", { type: "global" }), "harness");
    const exports = this.loadModule(source);
    const build = this.call(harness, "pick", [exports], "load");
    if (this.ctx.typeof(build) !== "function") {
      throw failure("no_build", "The fg source exports no build function: write `export function build(featureMap) { ... }`");
    }
    const featureMap = this.call(harness, "parse", [this.scope.manage(this.ctx.newString(input))], "harness");
    const result = this.unwrap(this.ctx.callFunction(build, this.ctx.undefined, featureMap), "build");
    const text = this.call(harness, "finish", [result, featureMap], "result");
    return this.ctx.getString(text);
  }

  /** Evaluates the source as an ES module; a top-level await is run to completion. */
  private loadModule(source: string): QuickJSHandle {
    const evaluated = this.unwrap(this.ctx.evalCode(source, FILENAME, { type: "module" }), "load");
    const state = this.ctx.getPromiseState(evaluated);
    if (state.type === "fulfilled" && state.notAPromise) return evaluated;
    const jobs = this.ctx.runtime.executePendingJobs();
    if (jobs.error) throw this.classify(this.scope.manage(jobs.error), "load");
    const settled = this.ctx.getPromiseState(evaluated);
    if (settled.type === "fulfilled") return this.scope.manage(settled.value);
    if (settled.type === "rejected") throw this.classify(this.scope.manage(settled.error), "load");
    throw failure("thrown", "The fg module's top-level await never settled");
  }

  private call(harness: QuickJSHandle, name: string, args: QuickJSHandle[], phase: Phase): QuickJSHandle {
    const fn = this.scope.manage(this.ctx.getProp(harness, name));
    return this.unwrap(this.ctx.callFunction(fn, this.ctx.undefined, ...args), phase);
  }

  private unwrap(result: { value: QuickJSHandle; error?: undefined } | { error: QuickJSHandle }, phase: Phase): QuickJSHandle {
    if (result.error) throw this.classify(this.scope.manage(result.error), phase);
    return this.scope.manage(result.value);
  }

  /** Turns what the sandbox threw into a clear AppError; `phase` says what was running. */
  private classify(error: QuickJSHandle, phase: Phase): AppError {
    const dumped = this.dump(error);
    const isError = typeof dumped === "object" && dumped !== null;
    const name = isError && "name" in dumped ? String(dumped.name) : "";
    // Thrown values are the fg's data: shown briefly, whatever their size or shape.
    const text = truncate(isError && "message" in dumped ? String(dumped.message) : (JSON.stringify(dumped) ?? String(dumped)), 300);
    const stack = isError && "stack" in dumped ? String(dumped.stack) : "";
    const at = position(stack);
    const where = at ? ` (line ${at.line}, column ${at.column})` : "";

    if (name === "InternalError" && text === "interrupted") {
      if (this.batch?.tripped) return batchTimeout(this.batch);
      return failure("timeout", `The fg code ran longer than its ${this.limits.timeoutMs} ms limit`, { limitMs: this.limits.timeoutMs });
    }
    if (name === "InternalError" && /out of memory|string too long/.test(text)) {
      const mib = Math.round((this.limits.memoryBytes / 1024 / 1024) * 10) / 10;
      return failure("memory", `The fg code ran out of memory (limit ${mib} MiB)${where}`, { limitBytes: this.limits.memoryBytes, ...at });
    }
    if (text === "stack overflow") return failure("stack", `The fg code recursed too deeply (stack overflow)${where}`, at);
    if (phase === "load" && name === "SyntaxError") {
      const line = at ?? (isError && "lineNumber" in dumped ? { line: Number(dumped.lineNumber), column: 0 } : undefined);
      return failure("syntax", `Syntax error in the fg source${line ? ` at line ${line.line}` : ""}: ${text}`, line);
    }
    const label = name ? `${name}: ${text}` : text;
    if (phase === "result") return failure("bad_result", `build() returned something that is not a JSON TensorIO: ${label}`);
    if (phase === "harness") return failure("sandbox", `The fg sandbox failed: ${label}`);
    const when = phase === "load" ? "while loading" : "in build()";
    return failure("thrown", `The fg code threw ${when}: ${label}${where}`, at);
  }

  /** A thrown value as plain data; a hostile one (throwing getters) is described, not trusted. */
  private dump(handle: QuickJSHandle): unknown {
    try {
      return this.ctx.dump(handle) as unknown;
    } catch {
      return "an unreadable value";
    }
  }
}

function position(stack: string): { line: number; column: number } | undefined {
  const m = new RegExp(`${FILENAME.replace(".", "\\.")}:(\\d+):(\\d+)`).exec(stack);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

export function featureMapJson(featureMap: FeatureMap): string {
  try {
    return JSON.stringify(featureMap);
  } catch (e) {
    throw failure("bad_input", `The featureMap cannot be passed to the fg as JSON: ${message(e)}`);
  }
}

/** The item the batch's deadline stopped (and, said so, each item after it that was not run). */
export function batchTimeout(batch: BatchDeadline, notRun = false): AppError {
  const what = notRun ? "; this item was not run" : "";
  return failure("timeout", `The fg batch (${batch.items} items) ran longer than its ${batch.limitMs} ms limit${what}`, { limitMs: batch.limitMs, batch: true });
}

export function failure(reason: CodeFgFailure, text: string, extra?: object): AppError {
  return new AppError("unprocessable", text, { reason, ...extra });
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
