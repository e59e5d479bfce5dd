import { describe, expect, it } from "vitest";
import { newNode } from "@/components/dag/dag-flow-model";
import { DAG_PROBLEM_CODES, DagNodeSchema, type DagNodeKind } from "@/server/contracts/dag";
import { canConnect, DAG_NODE_KIND_SPECS, DAG_NODE_KINDS, nodeKindSpec } from "@/server/contracts/dag-node-kinds";
import { buildDag, type NodeSpec } from "../graph/test-dag";
import { validateDag } from "../graph/validate-dag";
import { DAG_NODE_BEHAVIOURS, nodeBehaviour } from ".";

const HOOK = { hookUrl: "http://127.0.0.1:9/hook", method: "POST", headers: {}, timeoutSeconds: 30, retries: 0, requiresApproval: false } as const;

describe("the DAG node kind registry", () => {
  it.each(DAG_NODE_KINDS)("%s has a declaration and a server behaviour of its own kind", (kind) => {
    expect(DAG_NODE_KIND_SPECS[kind].kind).toBe(kind);
    expect(DAG_NODE_BEHAVIOURS[kind].kind).toBe(kind);
  });

  it("lists no behaviour or declaration for a kind it does not know", () => {
    expect(Object.keys(DAG_NODE_KIND_SPECS).sort()).toEqual([...DAG_NODE_KINDS].sort());
    expect(Object.keys(DAG_NODE_BEHAVIOURS).sort()).toEqual([...DAG_NODE_KINDS].sort());
  });

  it.each(DAG_NODE_KINDS)("%s names a known problem for every edge rule it can break", (kind) => {
    const { inputs, outputs } = nodeKindSpec(kind);
    for (const side of [inputs, outputs]) {
      if (side.rule === "optional") continue;
      expect(side.problem, `${kind}: ${side.rule}`).toBeDefined();
      expect(DAG_PROBLEM_CODES).toContain(side.problem!.code);
    }
  });

  it.each(DAG_NODE_KINDS)("a new %s node from the editor saves as it is", (kind) => {
    const node = newNode(kind, new Set([`${nodeKindSpec(kind).keyPrefix}_1`]), HOOK.hookUrl);
    expect(node.key).toBe(`${nodeKindSpec(kind).keyPrefix}_2`);
    expect(DagNodeSchema.safeParse({ ...node, id: "n", position: { x: 0, y: 0 } }).success).toBe(true);
  });

  it("only kinds that take inputs are moved by them", () => {
    for (const kind of DAG_NODE_KINDS) {
      expect(Boolean(nodeBehaviour(kind).onInputsMoved), kind).toBe(nodeKindSpec(kind).inputs.rule !== "none");
    }
  });
});

describe("edge rules", () => {
  it.each<[DagNodeKind, DagNodeKind, boolean]>([
    ["data", "trigger", true],
    ["data", "output", true],
    ["trigger", "trigger", true],
    ["trigger", "output", true],
    ["data", "data", false],
    ["trigger", "data", false],
    ["output", "trigger", false],
    ["output", "output", false],
  ])("%s -> %s can be saved: %s", (source, target, allowed) => {
    expect(canConnect(source, target)).toBe(allowed);
  });

  it.each<{ name: string; nodes: Record<string, NodeSpec>; edges: string[]; codes: string[] }>([
    { name: "data -> data", nodes: { a: "data", b: "data" }, edges: ["a->b"], codes: ["data_with_predecessor"] },
    { name: "output -> trigger", nodes: { d: "data", o: "output", t: "trigger" }, edges: ["d->o", "o->t"], codes: ["output_with_successor"] },
    { name: "a trigger with no input", nodes: { d: "data", t: "trigger" }, edges: [], codes: ["trigger_without_predecessor"] },
    { name: "an output with no input", nodes: { o: "output" }, edges: [], codes: [] },
    { name: "a data node alone", nodes: { d: "data" }, edges: [], codes: [] },
    { name: "data -> trigger -> output", nodes: { d: "data", t: "trigger", o: "output" }, edges: ["d->t", "t->o"], codes: [] },
  ])("$name: $codes", ({ nodes, edges, codes }) => {
    expect(validateDag(buildDag(nodes, edges)).map((p) => p.code)).toEqual(codes);
  });
});

describe("settings each kind owns", () => {
  it.each([
    { name: "a trigger without hook settings", node: { kind: "trigger" }, messages: ["A trigger node needs its hook settings"] },
    { name: "a trigger with them", node: { kind: "trigger", trigger: HOOK }, messages: [] },
    { name: "a data node with hook settings", node: { kind: "data", trigger: HOOK }, messages: ["Only trigger nodes have hook settings"] },
    { name: "an output node without output settings (saved before they existed)", node: { kind: "output" }, messages: [] },
    { name: "an output node with the legacy setting", node: { kind: "output", output: { writes: "versions" } }, messages: [] },
    { name: "a trigger with output settings", node: { kind: "trigger", trigger: HOOK, output: { writes: "both" } }, messages: ["Only output nodes have output settings"] },
    {
      name: "a data node with both",
      node: { kind: "data", trigger: HOOK, output: { writes: "both" } },
      messages: ["Only trigger nodes have hook settings", "Only output nodes have output settings"],
    },
  ])("$name", ({ node, messages }) => {
    const parsed = DagNodeSchema.safeParse({ id: "n", key: "n", position: { x: 0, y: 0 }, ...node });
    expect(parsed.error?.issues.map((i) => i.message) ?? []).toEqual(messages);
  });
});

describe("what each kind shows and writes", () => {
  const dag = buildDag({ d: "data", t: "trigger", o: { kind: "output", writes: "both" } }, ["d->t", "t->o"]);
  const byKey = new Map(dag.nodes.map((n) => [n.key, n]));

  it.each([
    { key: "d", inputs: [], written: [], hooks: [] },
    { key: "t", inputs: ["d"], written: [], hooks: ["http://127.0.0.1:9/hook"] },
    { key: "o", inputs: ["t"], written: ["o", "t"], hooks: [] },
  ])("$key writes $written and calls $hooks", ({ key, inputs, written, hooks }) => {
    const node = byKey.get(key)!;
    expect(nodeBehaviour(node.kind).writtenKeys(node, inputs)).toEqual(written);
    expect(nodeBehaviour(node.kind).hookUrls(node)).toEqual(hooks);
  });
});
