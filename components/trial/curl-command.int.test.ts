import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { curlCommand } from "./curl-command";

/** Runs the command in bash with `curl` replaced by a function that prints its arguments, one per line. */
function argsOf(command: string): string[] {
  const out = execFileSync("bash", ["-c", `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }; ${command}`]).toString();
  return out.split("\0").slice(0, -1);
}

describe("curlCommand", () => {
  it("gives bash exactly the request body, even with quotes and shell characters in the origin", () => {
    const req = { app_name: "favpush", origin: { uid: 234, name: "it's $HOME `x` \"q\"" }, options: { solution: "v2", config: "draft" as const } };
    const args = argsOf(curlCommand("http://127.0.0.1:3000", req));
    expect(args.slice(0, 3)).toEqual(["-X", "POST", "http://127.0.0.1:3000/api/v1/score"]);
    expect(JSON.parse(args[args.indexOf("-d") + 1]!)).toEqual(req);
    expect(args).toContain("content-type: application/json");
  });
});
