import { describe, expect, it } from "vitest";
import { DNN_FG_SPEC } from "@/db/seed/favpush";
import type { FgPackage } from "@/server/contracts/fg";
import { sandboxPool } from "@/server/fg/code/sandbox-pool";
import type { FeatureMap } from "@/server/fg/featuremap";
import { runFg } from "@/server/fg/run-fg";
import { serializeTensorIO } from "@/server/fg/tensor-io";
import { consolePorts } from "./console-ports";
import type { ScoringDeps } from "./scoring-types";

const unused = () => Promise.reject(new Error("not used here"));
const deps = (fgOwner?: string): ScoringDeps => ({ loadConfig: unused, openStore: unused, resolveFg: unused, instances: unused, ...(fgOwner ? { fgOwner } : {}) });
const fm = (i: number): FeatureMap => ({ origin: { uid: i }, online: true, log: {}, user_vec: Array(8).fill(i), goods_vec: Array(8).fill(1), cf: null });

describe("the console's runFgBatch port", () => {
  it("is runFgBatch: each item as runFg gives it", async () => {
    const pkg: FgPackage = { kind: "declarative", spec: DNN_FG_SPEC };
    const outcomes = await consolePorts(deps()).runFgBatch!(pkg, [fm(1), fm(2)]);
    const alone = await runFg(pkg, fm(2));
    expect(outcomes).toHaveLength(2);
    expect(serializeTensorIO((outcomes[1] as { io: typeof alone }).io)).toBe(serializeTensorIO(alone));
  });

  it("runs a code fg batch as the trial's owner in the sandbox pool", async () => {
    const pkg: FgPackage = { kind: "code", source: "export function build() { for (;;) {} }" };
    const running = consolePorts(deps("user:batch-owner")).runFgBatch!(pkg, [fm(1)]);
    const { running: r, queued: q } = sandboxPool().stats();
    expect({ ...r, ...q }).toHaveProperty("user:batch-owner", 1);
    const [outcome] = await running;
    expect(outcome).toMatchObject({ error: { details: { reason: "timeout" } } });
  }, 60_000);
});
