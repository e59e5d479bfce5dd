import { describe, expect, it } from "vitest";
import type { DagDocument } from "@/server/contracts/dag";
import { applyEvent, nextSteps, retryEventOf, settle, type DagEvent, type DagStates } from "./propagate";
import { buildDag } from "./test-dag";

/**
 * Scenario steps, applied the way the engine does: an event on one node, then `settle`.
 * `expect` pins nodes as "phase online/ready" (- for none), the hooks to call now as
 * "node@version#attempt" and the outputs written since the previous expectation.
 */
type Step =
  | ["set", string, string]
  | ["called" | "accepted" | "confirm" | "approve" | "retry", string]
  | ["fail" | "reject", string, string]
  | { nodes?: Record<string, string>; calls?: string[]; writes?: Array<Record<string, Record<string, string>>>; waiting?: Record<string, string[]> };

interface Scenario {
  name: string;
  dag: DagDocument;
  steps: Step[];
}

const AT = "2024-01-05T00:00:00.000Z";

function eventOf(step: Exclude<Step, { nodes?: unknown }>, ready: string | null): DagEvent {
  const version = ready ?? "";
  switch (step[0]) {
    case "set":
      return { type: "data_version_set", version: step[2], at: AT };
    case "called":
      return { type: "hook_called", version };
    case "accepted":
      return { type: "hook_accepted", version };
    case "confirm":
      return { type: "hook_confirmed", version };
    case "approve":
      return { type: "approval_granted", version };
    case "retry":
      return { type: "retried", version };
    case "fail":
      return { type: "hook_failed", version, error: step[2] };
    case "reject":
      return { type: "approval_rejected", version, reason: step[2] };
  }
}

function show(states: DagStates, key: string): string {
  const state = states[key];
  return state ? `${state.phase} ${state.online ?? "-"}/${state.ready ?? "-"}` : "absent";
}

function run({ dag, steps }: Scenario) {
  let result = settle(dag, {}, AT);
  let writes: Array<Record<string, Record<string, string>>> = [];
  const collectWrites = () => {
    for (const action of result.applied) if (action.type === "write_output") writes.push({ [action.node]: action.versions });
  };
  collectWrites();
  steps.forEach((step, i) => {
    if (Array.isArray(step)) {
      const key = step[1];
      const state = result.states[key]!;
      const event = step[0] === "retry" ? retryEventOf(dag, result.states, key) : eventOf(step, state.ready);
      const states = { ...result.states, [key]: applyEvent(state, event) };
      result = settle(dag, states, AT);
      collectWrites();
      return;
    }
    const where = `step ${i + 1}`;
    for (const [key, expected] of Object.entries(step.nodes ?? {})) expect(show(result.states, key), `${where}: ${key}`).toBe(expected);
    for (const [key, expected] of Object.entries(step.waiting ?? {})) expect(result.states[key]?.waitingFor, `${where}: ${key} waits for`).toEqual(expected);
    if (step.calls) expect(result.hookCalls.map((c) => `${c.node}@${c.version}#${c.attempt}`), `${where}: hook calls`).toEqual(step.calls);
    if (step.writes) expect(writes, `${where}: output writes`).toEqual(step.writes);
    writes = [];
  });
  // Settled means settled: asking again yields only the hook calls already reported.
  expect(nextSteps(dag, result.states).filter((a) => a.type !== "call_hook")).toEqual([]);
}

const chain = buildDag({ d: "data", t1: "trigger", t2: "trigger", o: "output" }, ["d->t1", "t1->t2", "t2->o"]);
const diamond = buildDag({ d: "data", a: "trigger", b: "trigger", c: "trigger", o: "output" }, [
  "d->a",
  "d->b",
  "a->c",
  "b->c",
  "c->o",
]);
const twoInputs = buildDag({ x: "data", y: "data", t: "trigger", o: "output" }, ["x->t", "y->t", "t->o"]);
const retrying = buildDag({ d: "data", t: { kind: "trigger", retries: 1 }, o: "output" }, ["d->t", "t->o"]);
const approving = buildDag({ d: "data", t: { kind: "trigger", requiresApproval: true }, o: "output" }, ["d->t", "t->o"]);

const scenarios: Scenario[] = [
  {
    name: "a chain data -> trigger -> trigger -> output",
    dag: chain,
    steps: [
      { nodes: { d: "idle -/-", t1: "idle -/-", t2: "idle -/-", o: "idle -/-" }, calls: [], writes: [] },
      ["set", "d", "5"],
      { nodes: { d: "idle 5/5", t1: "hook_pending -/5", t2: "waiting_predecessors -/-", o: "idle -/-" }, waiting: { t2: ["t1"] }, calls: ["t1@5#1"] },
      ["called", "t1"],
      { nodes: { t1: "hook_called -/5" }, calls: [] },
      ["accepted", "t1"],
      { nodes: { t1: "waiting_confirmation -/5" }, calls: [] },
      ["confirm", "t1"],
      { nodes: { t1: "idle 5/5", t2: "hook_pending -/5", o: "waiting_predecessors -/-" }, waiting: { o: ["t2"] }, calls: ["t2@5#1"], writes: [] },
      ["called", "t2"],
      ["confirm", "t2"],
      { nodes: { t2: "idle 5/5", o: "idle -/-" }, calls: [], writes: [{ o: { t2: "5" } }] },
      ["set", "d", "6"],
      { nodes: { t1: "hook_pending 5/6", t2: "waiting_predecessors 5/5", o: "idle -/-" }, calls: ["t1@6#1"], writes: [] },
      ["called", "t1"],
      ["confirm", "t1"],
      ["called", "t2"],
      ["confirm", "t2"],
      { nodes: { t1: "idle 6/6", t2: "idle 6/6" }, writes: [{ o: { t2: "6" } }] },
    ],
  },
  {
    name: "a diamond: the join waits while one branch still has ready > online",
    dag: diamond,
    steps: [
      ["set", "d", "1"],
      { nodes: { a: "hook_pending -/1", b: "hook_pending -/1", c: "waiting_predecessors -/-" }, waiting: { c: ["a", "b"] }, calls: ["a@1#1", "b@1#1"] },
      ["called", "a"],
      ["confirm", "a"],
      { nodes: { a: "idle 1/1", b: "hook_pending -/1", c: "waiting_predecessors -/-" }, waiting: { c: ["b"] }, calls: ["b@1#1"] },
      ["called", "b"],
      { nodes: { c: "waiting_predecessors -/-" }, calls: [] },
      ["confirm", "b"],
      { nodes: { b: "idle 1/1", c: "hook_pending -/1" }, calls: ["c@1#1"], writes: [] },
      ["called", "c"],
      ["confirm", "c"],
      { nodes: { c: "idle 1/1", o: "idle -/-" }, writes: [{ o: { c: "1" } }] },
      ["set", "d", "2"],
      ["called", "a"],
      ["confirm", "a"],
      { nodes: { a: "idle 2/2", b: "hook_pending 1/2", c: "waiting_predecessors 1/1" }, waiting: { c: ["b"] }, calls: ["b@2#1"] },
      ["called", "b"],
      ["confirm", "b"],
      { nodes: { c: "hook_pending 1/2" }, calls: ["c@2#1"], writes: [] },
    ],
  },
  {
    name: "two inputs: wait for the missing one, then a new version even when an older input moves",
    dag: twoInputs,
    steps: [
      ["set", "x", "20240105"],
      { nodes: { t: "waiting_predecessors -/-" }, waiting: { t: ["y"] }, calls: [] },
      ["set", "y", "3"],
      { nodes: { t: "hook_pending -/20240105" }, calls: ["t@20240105#1"] },
      ["called", "t"],
      ["confirm", "t"],
      { writes: [{ o: { t: "20240105" } }] },
      ["set", "y", "4"],
      { nodes: { t: "hook_pending 20240105/20240105.1" }, calls: ["t@20240105.1#1"] },
      ["called", "t"],
      ["confirm", "t"],
      { nodes: { t: "idle 20240105.1/20240105.1" }, writes: [{ o: { t: "20240105.1" } }] },
    ],
  },
  {
    name: "failure, automatic retry, manual retry; a newer version waits for a retry, which then takes the newest",
    dag: retrying,
    steps: [
      ["set", "d", "1"],
      ["called", "t"],
      ["fail", "t", "HTTP 500"],
      { nodes: { t: "failed -/1" }, calls: ["t@1#2"] },
      ["called", "t"],
      ["fail", "t", "HTTP 500 again"],
      { nodes: { t: "failed -/1" }, calls: [], writes: [] },
      ["retry", "t"],
      { nodes: { t: "hook_pending -/1" }, calls: ["t@1#1"] },
      ["called", "t"],
      ["fail", "t", "timeout"],
      ["called", "t"],
      ["fail", "t", "timeout"],
      { nodes: { t: "failed -/1" }, calls: [] },
      // The failure stands until a person retries: a newer input does not move the node.
      ["set", "d", "2"],
      { nodes: { t: "failed -/1" }, calls: [], writes: [] },
      ["set", "d", "3"],
      { nodes: { t: "failed -/1" }, calls: [], writes: [] },
      // The retry goes to the newest inputs: the superseded failed version is dropped.
      ["retry", "t"],
      { nodes: { t: "hook_pending -/3" }, calls: ["t@3#1"], writes: [] },
      ["called", "t"],
      ["confirm", "t"],
      { nodes: { t: "idle 3/3" }, writes: [{ o: { t: "3" } }] },
    ],
  },
  {
    name: "an automatic retry still goes to the failed version when a newer input arrived meanwhile",
    dag: retrying,
    steps: [
      ["set", "d", "1"],
      ["called", "t"],
      ["fail", "t", "HTTP 503"],
      ["set", "d", "2"],
      { nodes: { t: "failed -/1" }, calls: ["t@1#2"] },
      ["called", "t"],
      ["confirm", "t"],
      { nodes: { t: "hook_pending 1/2" }, calls: ["t@2#1"], writes: [{ o: { t: "1" } }] },
    ],
  },
  {
    name: "approval required before ready becomes online; a rejection is not retried by itself",
    dag: approving,
    steps: [
      ["set", "d", "1"],
      ["called", "t"],
      ["confirm", "t"],
      { nodes: { t: "waiting_approval -/1", o: "waiting_predecessors -/-" }, calls: [], writes: [] },
      ["approve", "t"],
      { nodes: { t: "idle 1/1", o: "idle -/-" }, writes: [{ o: { t: "1" } }] },
      ["set", "d", "2"],
      ["called", "t"],
      ["confirm", "t"],
      ["reject", "t", "metrics dropped"],
      { nodes: { t: "failed 1/2", o: "waiting_predecessors -/-" }, calls: [], writes: [] },
      ["set", "d", "3"],
      { nodes: { t: "failed 1/2" }, calls: [], writes: [] },
      // The rejected version is superseded: the retry takes the newest input to the reviewer.
      ["retry", "t"],
      { nodes: { t: "hook_pending 1/3" }, calls: ["t@3#1"] },
      ["called", "t"],
      ["confirm", "t"],
      { nodes: { t: "waiting_approval 1/3" }, calls: [], writes: [] },
      ["approve", "t"],
      { nodes: { t: "idle 3/3" }, calls: [], writes: [{ o: { t: "3" } }] },
      // Without newer inputs a retry calls the hook again for the same version.
      ["set", "d", "4"],
      ["called", "t"],
      ["fail", "t", "HTTP 400 bad file"],
      { nodes: { t: "failed 3/4" }, calls: [] },
      ["retry", "t"],
      { nodes: { t: "hook_pending 3/4" }, calls: ["t@4#1"] },
    ],
  },
];

describe("propagation", () => {
  it.each(scenarios)("walks $name", (scenario) => run(scenario));

  it("refuses to plan on an invalid DAG", () => {
    const cyclic = buildDag({ d: "data", a: "trigger", b: "trigger" }, ["d->a", "a->b", "b->a"]);
    expect(() => nextSteps(cyclic, {})).toThrow(expect.objectContaining({ code: "unprocessable" }) as Error);
  });
});

describe("a held output node", () => {
  const dag = buildDag({ d: "data", o: "output" }, ["d->o"]);
  const hold = { versions: { o: "1" }, releaseId: "r", releaseSeq: 5, rollbackOfSeq: 2, since: AT, by: "editor" };

  it("writes nothing while held, whatever its inputs do", () => {
    const first = settle(dag, {}, AT);
    const moved: DagStates = { ...first.states, d: applyEvent(first.states.d!, { type: "data_version_set", version: "2", at: AT }) };
    const held = { ...moved, o: { ...moved.o!, hold } };
    expect(nextSteps(dag, held)).toEqual([]);
    expect(settle(dag, held, AT).applied).toEqual([]);
  });

  it("writes its inputs' online versions once resumed (hold lifted, consumed forgotten)", () => {
    const base = settle(dag, {}, AT).states;
    const withData: DagStates = { ...base, d: applyEvent(base.d!, { type: "data_version_set", version: "2", at: AT }) };
    const written = settle(dag, withData, AT).states;
    const resumed = { ...written, o: { ...written.o!, hold: null, consumed: {} } };
    expect(settle(dag, resumed, AT).applied).toEqual([{ type: "write_output", node: "o", versions: { d: "2" } }]);
  });
});
