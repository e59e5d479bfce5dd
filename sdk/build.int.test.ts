import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

describe("the SDK as a package of its own", () => {
  it("builds with its own tsconfig and runs from plain Node without the console's code", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-build-"));
    execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "sdk/tsconfig.json"), "--outDir", out], { stdio: "pipe" });
    fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ type: "commonjs" }));
    const script = `const sdk = require(${JSON.stringify(path.join(out, "index.js"))});
      console.log(JSON.stringify({ bucket: sdk.bucketOf({ salt: "favpush", keyValue: 234, bucketCount: 10 }), client: typeof sdk.createConfigClient }));`;
    const printed = execFileSync(process.execPath, ["-e", script], { cwd: out }).toString();
    expect(JSON.parse(printed)).toEqual({ bucket: 1, client: "function" });
    // The scoring runtime runs from the built package too, over ports alone (no console, no ioredis loaded).
    const runtimeScript = `const sdk = require(${JSON.stringify(path.join(out, "index.js"))});
      const solution = { name: "s1", features: { cf: "getKV cf_tbl {uid}" }, model: { name: "m", version: "7" }, fg: { class: "F", version: "1" }, buckets: [0] };
      const runtime = sdk.createScoringRuntime({
        loadConfig: async (app, source) => ({ app: { name: app, bucketCount: 1, hashKey: "uid", salt: app }, solutions: [solution], versions: {}, source, revision: 1 }),
        openTable: async () => ({ getKV: async (key) => (key === "234" ? 0.5 : null), getKKV: async () => null }),
        fetchFg: async () => ({}),
        runFg: async (_pkg, fm) => ({ inputs: [{ name: "x", dtype: "float", shape: [1], values: [fm.cf] }], outputs: [{ name: "y" }] }),
        instances: async () => ["10.0.0.1:8500"],
        predict: async (_instance, request) => ({ model: request.model, outputs: { y: { dtype: "float", shape: [1], values: [request.inputs.x.values[0] * 2] } } }),
      });
      runtime.score({ app_name: "demo", origin: { uid: 234 } }).then((r) => console.log(JSON.stringify({ r, redis: Object.keys(require.cache).some((k) => k.includes("ioredis")) })));`;
    const ran = JSON.parse(execFileSync(process.execPath, ["-e", runtimeScript], { cwd: out }).toString()) as { r: unknown; redis: boolean };
    expect(ran).toEqual({
      r: { app: "demo", bucket: 0, solution: "s1", model: { name: "m", version: 7, instance: "10.0.0.1:8500" }, outputs: { y: { dtype: "float", shape: [1], values: [1] } }, log: {} },
      redis: false,
    });
    const emitted = fs.readdirSync(out);
    expect(emitted.some((f) => f.endsWith(".test.js"))).toBe(false);
    fs.rmSync(out, { recursive: true, force: true });
  }, 60_000);
});
