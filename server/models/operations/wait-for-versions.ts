import type { InstanceStatus } from "@/server/contracts/models";
import { probeInstance } from "../probe-instance";
import type { Expectation } from "./plan-operation";

export type Progress = (message: string, instance?: string, state?: "ok" | "failed" | "info") => Promise<void>;

/**
 * How long a version that should load may stay absent from GetModelStatus. TF Serving reads
 * the base path every --file_system_poll_wait_seconds (1 s by default) and reports a version
 * it found at once (START); one still unreported after several polls is not on that
 * instance's disk (or is incomplete), and waiting the whole timeout would not change that.
 */
export const NOT_REPORTED_GRACE_MS = 5_000;

export interface WaitOptions {
  model: string;
  addresses: string[];
  expect: Expectation;
  timeoutMs: number;
  pollMs: number;
  progress: Progress;
  /** Called on every poll: renews the operation's lease, and throws once it is lost. */
  renew?: () => Promise<void>;
}

/** What still differs from the expectation on one instance, one entry per version; empty: met. */
function unmet(status: InstanceStatus, expect: Expectation): string[] {
  const state = (v: number) => status.versions.find((x) => x.version === v)?.state;
  const problems = new Map<number, string>();
  for (const v of expect.available) if (state(v) !== "AVAILABLE") problems.set(v, `version ${v} is ${state(v) ?? "not reported"}`);
  for (const v of expect.ended) if (state(v) !== undefined && state(v) !== "END") problems.set(v, `version ${v} is ${state(v)}`);
  // The version life cycle leaves LOADING/UNLOADING transient; wait for every version to settle.
  for (const x of status.versions) if (x.state !== "AVAILABLE" && x.state !== "END" && !problems.has(x.version)) problems.set(x.version, `version ${x.version} is ${x.state}`);
  return [...problems.values()];
}

/** Polls every instance until the expectation holds on all of them; reports each state change. */
export async function waitForVersions(opts: WaitOptions): Promise<void> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  const seen = new Map<string, string>();
  for (;;) {
    await opts.renew?.();
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
      const missing = opts.expect.available.filter((v) => !s.versions.some((x) => x.version === v));
      if (missing.length && Date.now() - started >= Math.min(NOT_REPORTED_GRACE_MS, opts.timeoutMs)) {
        throw new Error(
          `instance ${s.address} does not have version(s) ${missing.join(", ")} of model ${opts.model}: not reported by GetModelStatus ` +
            `${seconds(Date.now() - started)} after the config was accepted, so the version folder is missing or incomplete under the model's base path on that instance`,
        );
      }
    }
    const behind = statuses.map((s) => ({ address: s.address, problems: unmet(s, opts.expect) })).filter((b) => b.problems.length);
    if (behind.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${seconds(opts.timeoutMs)} waiting for ${describe(opts.expect)}: ` +
          behind.map((b) => `instance ${b.address}: ${b.problems.join(", ")}`).join("; "),
      );
    }
    await new Promise((r) => setTimeout(r, opts.pollMs));
  }
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

function describe(e: Expectation): string {
  const parts = [];
  if (e.available.length) parts.push(`version(s) ${e.available.join(", ")} AVAILABLE`);
  if (e.ended.length) parts.push(`version(s) ${e.ended.join(", ")} END`);
  return parts.join(" and ") || "versions to settle";
}
