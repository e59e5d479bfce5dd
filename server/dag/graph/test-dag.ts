import type { DagDocument, DagNode, DagNodeKind, OutputWrites, TriggerSettings } from "@/server/contracts/dag";

/** Test-only shorthand: nodes by key, edges as "a->b". Ids differ from keys on purpose. */
export type NodeSpec = DagNodeKind | { kind: "trigger"; retries?: number; requiresApproval?: boolean } | { kind: "output"; writes: OutputWrites };

export function buildDag(nodes: Record<string, NodeSpec>, edges: string[]): DagDocument {
  return {
    nodes: Object.entries(nodes).map(([key, spec], i) => buildNode(key, spec, i)),
    edges: edges.map((edge, i) => {
      const [source, target] = edge.split("->");
      return { id: `e${i + 1}`, source: idOf(source ?? ""), target: idOf(target ?? "") };
    }),
  };
}

export function idOf(key: string): string {
  return `id-${key}`;
}

function buildNode(key: string, spec: NodeSpec, i: number): DagNode {
  const kind = typeof spec === "string" ? spec : spec.kind;
  const node: DagNode = { id: idOf(key), key, kind, position: { x: 0, y: i * 10 } };
  if (kind === "trigger") node.trigger = triggerSettings(typeof spec === "string" || spec.kind !== "trigger" ? {} : spec);
  if (kind === "output") node.output = { writes: typeof spec === "string" || spec.kind !== "output" ? "own_key" : spec.writes };
  return node;
}

function triggerSettings(spec: { retries?: number; requiresApproval?: boolean }): TriggerSettings {
  return {
    hookUrl: "http://127.0.0.1:9/hook",
    method: "POST",
    headers: {},
    timeoutSeconds: 30,
    retries: spec.retries ?? 0,
    requiresApproval: spec.requiresApproval ?? false,
  };
}
