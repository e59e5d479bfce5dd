import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import type { FeatureMap } from "../featuremap";
import { runCodeFg } from "./run-code-fg";

const fm = (): FeatureMap => ({ origin: { uid: 234 }, online: true, log: {}, user_vec: [0.5, 1.5] });

const IO_BODY = `{ inputs: [{ name: "x", dtype: "float", shape: [1, fm.user_vec.length], values: fm.user_vec }], outputs: [{ name: "y" }] }`;
const WANT = { inputs: [{ name: "x", dtype: "float", shape: [1, 2], values: [0.5, 1.5] }], outputs: [{ name: "y" }] };
const GOOD = `export function build(fm) { return ${IO_BODY}; }`;

async function failureOf(source: string, limits?: { timeoutMs?: number; memoryBytes?: number }, featureMap = fm()): Promise<AppError> {
  try {
    await runCodeFg(source, featureMap, limits);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("ran without error");
}

describe("runCodeFg: the build export", () => {
  it.each([
    ["export function build", GOOD],
    ["export default function build", `export default function build(fm) { return ${IO_BODY}; }`],
    ["export default an anonymous function", `export default (fm) => (${IO_BODY});`],
    ["module.exports = { build }", `function build(fm) { return ${IO_BODY}; }\nmodule.exports = { build };`],
    ["exports.build =", `exports.build = function (fm) { return ${IO_BODY}; };`],
    ["a top-level await before the export", `const k = await Promise.resolve(1);\nexport function build(fm) { return ${IO_BODY}; }`],
  ])("accepts %s", async (_name, source) => {
    expect(await runCodeFg(source, fm())).toEqual(WANT);
  });

  it("passes the featureMap in and copies log writes back", async () => {
    const featureMap = fm();
    featureMap.log.before = 1;
    const io = await runCodeFg(
      `export function build(fm) {
         fm.log.seen_uid = fm.origin.uid;
         fm.log.online = fm.online;
         return ${IO_BODY};
       }`,
      featureMap,
    );
    expect(io).toEqual(WANT);
    expect(featureMap.log).toEqual({ before: 1, seen_uid: 234, online: true });
  });
});

/**
 * A time limit far beyond what the case needs (the deeply nested result takes several seconds
 * in the worker on a busy machine), under the cases' own test timeout.
 */
const UNREACHED_MS = 45_000;

describe("runCodeFg: failures are clean AppErrors and the next call still works", () => {
  const cases: { name: string; source: string; reason: string; message: RegExp; line?: number; limits?: { timeoutMs?: number; memoryBytes?: number } }[] = [
    { name: "syntax error", source: "const a = 1;\n\nconst b = ;\nexport function build() {}", reason: "syntax", message: /line 3/, line: 3 },
    { name: "thrown error", source: "export function build() {\n  throw new Error('no user_vec');\n}", reason: "thrown", message: /Error: no user_vec.*line 2/, line: 2 },
    { name: "thrown string", source: "export function build() { throw 'plain'; }", reason: "thrown", message: /plain/ },
    { name: "thrown object", source: "export function build() { throw { code: 7 }; }", reason: "thrown", message: /\{"code":7\}/ },
    { name: "thrown huge message", source: "export function build() { throw new Error('x'.repeat(100000)); }", reason: "thrown", message: /^The fg code threw in build\(\): Error: x{300}…/ },
    { name: "error at load time", source: "null.x;\nexport function build() {}", reason: "thrown", message: /while loading/ },
    { name: "no build export", source: "export const x = 1;", reason: "no_build", message: /no build function/ },
    { name: "build is not a function", source: "export const build = 5;", reason: "no_build", message: /no build function/ },
    { name: "infinite loop", source: "export function build() { for (;;) {} }", reason: "timeout", message: /50 ms/, limits: { timeoutMs: 50 } },
    { name: "infinite loop that catches", source: "export function build() { for (;;) { try { for (;;) {} } catch (e) {} } }", reason: "timeout", message: /ms limit/, limits: { timeoutMs: 50 } },
    { name: "infinite loop at load time", source: "while (true) {}", reason: "timeout", message: /ms limit/, limits: { timeoutMs: 50 } },
    { name: "catastrophic regex", source: "export function build() { /(a+)+$/.test('a'.repeat(40) + 'b'); }", reason: "timeout", message: /ms limit/, limits: { timeoutMs: 50 } },
    { name: "never-settling top-level await", source: "await new Promise(() => {});\nexport function build() {}", reason: "thrown", message: /never settled/ },
    // The memory cases must hit the memory limit however slow the machine: one allocation far over
    // the limit (or a few thousand small ones), and a time limit (UNREACHED_MS) no busy machine
    // reaches first. The default 200 ms counts from the start of the runtime, prelude and module
    // load included, and a starved worker thread can spend that before build() allocates at all.
    { name: "huge allocation", source: "export function build() { return 'x'.repeat(1 << 24); }", reason: "memory", message: /out of memory \(limit 8 MiB\)/, limits: { memoryBytes: 8 * 1024 * 1024, timeoutMs: UNREACHED_MS } },
    { name: "huge array", source: "export function build() { return new Array(1 << 24).fill(0); }", reason: "memory", message: /out of memory \(limit 8 MiB\)/, limits: { memoryBytes: 8 * 1024 * 1024, timeoutMs: UNREACHED_MS } },
    { name: "growing allocation", source: "export function build() { const a = []; for (;;) a.push({ v: [1, 2, 3] }); }", reason: "memory", message: /out of memory/, limits: { memoryBytes: 4 * 1024 * 1024, timeoutMs: UNREACHED_MS } },
    { name: "huge ArrayBuffer", source: "export function build() { return new ArrayBuffer(1 << 30); }", reason: "memory", message: /out of memory/, limits: { timeoutMs: UNREACHED_MS } },
    { name: "deep recursion", source: "function f(n) { return f(n + 1) + 1; }\nexport function build() { return f(0); }", reason: "stack", message: /stack overflow/ },
    { name: "deeply nested JSON result", source: "export function build() { let o = []; for (let i = 0; i < 20000; i++) o = [o]; return { inputs: o, outputs: [] }; }", reason: "stack", message: /stack overflow/, limits: { timeoutMs: UNREACHED_MS } },
    { name: "require('fs')", source: "export function build() { return require('fs').readFileSync('/etc/passwd', 'utf8'); }", reason: "thrown", message: /ReferenceError: 'require' is not defined/ },
    { name: "import of a module", source: "import fs from 'fs';\nexport function build() { return fs; }", reason: "thrown", message: /could not load module 'fs'/ },
    { name: "dynamic import()", source: "export function build() { import('fs'); for (;;) {} }", reason: "timeout", message: /ms limit/, limits: { timeoutMs: 50 } },
    { name: "process.exit()", source: "export function build() { process.exit(1); }", reason: "thrown", message: /'process' is not defined/ },
    { name: "fetch", source: "export function build() { return fetch('http://127.0.0.1:6379'); }", reason: "thrown", message: /'fetch' is not defined/ },
    { name: "setTimeout", source: "export function build() { setTimeout(() => {}, 0); }", reason: "thrown", message: /'setTimeout' is not defined/ },
    {
      name: "globalThis poking for host capabilities",
      source: "export function build() { const g = globalThis; const found = ['process', 'require', 'fetch', 'Buffer', 'WebAssembly', 'std', 'os', 'console'].filter((k) => k in g || typeof g[k] !== 'undefined'); throw new Error('found:' + found.join(',')); }",
      reason: "thrown",
      message: /Error: found: \(line/,
    },
    { name: "Function constructor escape", source: "export function build() { return Function('return this')().process.exit(1); }", reason: "thrown", message: /TypeError/ },
    { name: "a Promise from build", source: "export async function build(fm) { return {}; }", reason: "bad_result", message: /synchronous/ },
    { name: "nothing returned", source: "export function build() {}", reason: "bad_result", message: /returned nothing/ },
    { name: "a cyclic result", source: "export function build() { const a = {}; a.a = a; return a; }", reason: "bad_result", message: /not a JSON TensorIO/ },
    { name: "a BigInt in the result", source: "export function build() { return { inputs: [1n], outputs: [] }; }", reason: "bad_result", message: /not a JSON TensorIO/ },
  ];

  it.each(cases)("$name", async ({ source, reason, message, line, limits }) => {
    const e = await failureOf(source, limits);
    expect(e.code).toBe("unprocessable");
    expect(e.details).toMatchObject({ reason, ...(line === undefined ? {} : { line }) });
    expect(e.message).toMatch(message);
    expect(await runCodeFg(GOOD, fm())).toEqual(WANT);
  }, 60_000);

  it("keeps the limits: a result that is not a valid TensorIO is unprocessable with every problem", async () => {
    const e = await failureOf(`export function build() { return { inputs: [{ name: "x", dtype: "int32", shape: [2], values: [1.5] }], outputs: [] }; }`);
    expect(e.details).toMatchObject({ problems: expect.arrayContaining([expect.objectContaining({ path: "$.inputs[0].values" })]) });
  });

  it("does not let one call's globals leak into the next", async () => {
    const leak = `globalThis.counter = (globalThis.counter || 0) + 1;
      export function build(fm) { fm.log.counter = globalThis.counter; return ${IO_BODY}; }`;
    const first = fm();
    const second = fm();
    await runCodeFg(leak, first);
    await runCodeFg(leak, second);
    expect([first.log.counter, second.log.counter]).toEqual([1, 1]);
  });

  it("rejects a featureMap that cannot become JSON", async () => {
    const e = await failureOf(GOOD, undefined, { ...fm(), big: 1n });
    expect(e.details).toMatchObject({ reason: "bad_input" });
  });
});

describe("runCodeFg: off the console's event loop", () => {
  // Close to the memory limit this spends many seconds inside one native allocation, where the
  // interpreter never polls its deadline; the worker running it is terminated at limit + grace.
  const STALL = "export function build() { const a = []; for (;;) a.push(new Array(1e5).fill(1)); }";

  it("stops an fg stuck in a native operation, while this thread keeps running, and serves the next call", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const e = await failureOf(STALL, { timeoutMs: 100 }).finally(() => clearInterval(ticker));
    expect(e.details).toMatchObject({ reason: expect.stringMatching(/^(timeout|memory)$/) });
    // Had it run on this thread, no interval would have fired until it ended.
    expect(ticks).toBeGreaterThan(5);
    expect(await runCodeFg(GOOD, fm())).toEqual(WANT);
  });

  it("queues concurrent calls and answers each with its own result", async () => {
    const calls = [0, 1, 2, 3].map((i) => {
      const m = { ...fm(), user_vec: [i, i + 0.5] };
      return runCodeFg(GOOD, m).then((io) => io.inputs[0]!.values);
    });
    expect(await Promise.all(calls)).toEqual([[0, 0.5], [1, 1.5], [2, 2.5], [3, 3.5]]);
  });
});
