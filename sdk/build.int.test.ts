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
    const emitted = fs.readdirSync(out);
    expect(emitted.some((f) => f.endsWith(".test.js"))).toBe(false);
    fs.rmSync(out, { recursive: true, force: true });
  }, 60_000);
});
