import type { InstanceStatus } from "@/server/contracts/models";
import { probeInstance } from "../probe-instance";
import type { Expectation } from "./plan-operation";

export type Progress = (message: string, instance?: string, state?: "ok" | "failed" | "info") => Promise<void>;

export interface WaitOptions {
  model: string;
  addresses: string[];
  expect: Expectation;
  timeoutMs: number;
  pollMs: number;
  progress: Progress;
}

function met(status: InstanceStatus, expect: Expectation): boolean {
  const state = (v: number) => status.versions.find((x) => x.version === v)?.state;
  // The version life cycle leaves LOADING/UNLOADING transient; wait for every version to settle.
  const settled = status.versions.every((x) => x.state === "AVAILABLE" || x.state === "END");
  return settled && expect.available.every((v) => state(v) === "AVAILABLE") && expect.ended.every((v) => state(v) === undefined || state(v) === "END");
}

/** Polls every instance until the expectation holds on all of them; reports each state change. */
export async function waitForVersions(opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const seen = new Map<string, string>();
  for (;;) {
    const statuses = await Promise.all(opts.addresses.map((a) => probeInstance(a, opts.model)));
    for (const s of statuses) {
      if (!s.healthy) throw new Error(`instance ${s.address} does not answer: ${s.error}`);
      for (const v of s.versions) {
        const key = `${s.address}/${v.version}`;
        const label = `${v.state}${v.error ? ` (${v.error.message})` : ""}`;
        if (seen.get(key) !== label) {
          seen.set(key, label);
          await opts.progress(`version ${v.version}: ${label}`, s.address, v.error ? "failed" : "info");
        }
        if (v.error && opts.expect.available.includes(v.version)) {
          throw new Error(`instance ${s.address} could not load version ${v.version}: ${v.error.message}`);
        }
      }
    }
    if (statuses.every((s) => met(s, opts.expect))) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for ${describe(opts.expect)}`);
    }
    await new Promise((r) => setTimeout(r, opts.pollMs));
  }
}

function describe(e: Expectation): string {
  const parts = [];
  if (e.available.length) parts.push(`version(s) ${e.available.join(", ")} AVAILABLE`);
  if (e.ended.length) parts.push(`version(s) ${e.ended.join(", ")} END`);
  return parts.join(" and ") || "versions to settle";
}
