import type { DagDocument, DagEdge, DagNode, DagProblem } from "@/server/contracts/dag";
import { nodeKindSpec } from "@/server/contracts/dag-node-kinds";
import { findCycles } from "./find-cycles";
import { indexDag, neighbours, type DagIndex } from "@/sdk/src/core/dag/index-dag";

/**
 * Every problem that keeps a DAG document from being saved, not only the first, so the editor
 * can mark them all at once. An empty list means the document is a valid version DAG.
 */
export function validateDag(document: DagDocument): DagProblem[] {
  const index = indexDag(document);
  return [
    ...duplicateNodeIds(document),
    ...duplicateKeys(document),
    ...brokenEdges(document, index),
    ...cycles(document, index),
    ...misplacedEdges(document, index),
  ];
}

function duplicateNodeIds(document: DagDocument): DagProblem[] {
  return groupBy(document.nodes, (node) => node.id)
    .filter((group) => group.length > 1)
    .map(([first, ...rest]) => ({
      code: "duplicate_node_id",
      message: `Node id "${first!.id}" is used by ${rest.length + 1} nodes`,
      nodeIds: [first!.id],
      edgeIds: [],
    }));
}

function duplicateKeys(document: DagDocument): DagProblem[] {
  return groupBy(document.nodes, (node) => node.key)
    .filter((group) => group.length > 1)
    .map((group) => ({
      code: "duplicate_key",
      message: `Key "${group[0]!.key}" is used by ${group.length} nodes`,
      nodeIds: group.map((node) => node.id),
      edgeIds: [],
    }));
}

function brokenEdges(document: DagDocument, index: DagIndex): DagProblem[] {
  const problems: DagProblem[] = [];
  for (const edge of document.edges) {
    const missing = [edge.source, edge.target].filter((id) => !index.byId.has(id));
    if (missing.length > 0) {
      problems.push({
        code: "unknown_node",
        message: `Edge ${edge.id} points to unknown node ${[...new Set(missing)].map((id) => `"${id}"`).join(" and ")}`,
        nodeIds: [],
        edgeIds: [edge.id],
      });
    } else if (edge.source === edge.target) {
      problems.push({
        code: "self_loop",
        message: `Node ${keyOf(index, edge.source)} is connected to itself`,
        nodeIds: [edge.source],
        edgeIds: [edge.id],
      });
    }
  }
  const usable = document.edges.filter(
    (edge) => edge.source !== edge.target && index.byId.has(edge.source) && index.byId.has(edge.target),
  );
  for (const group of groupBy(usable, (edge) => `${edge.source}\u0000${edge.target}`)) {
    if (group.length < 2) continue;
    const edge = group[0]!;
    problems.push({
      code: "duplicate_edge",
      message: `${keyOf(index, edge.source)} -> ${keyOf(index, edge.target)} is connected ${group.length} times`,
      nodeIds: [edge.source, edge.target],
      edgeIds: group.map((e) => e.id),
    });
  }
  return problems;
}

function cycles(document: DagDocument, index: DagIndex): DagProblem[] {
  return findCycles(index).map((cycle) => {
    const closed = [...cycle, cycle[0]!];
    return {
      code: "cycle",
      message: `Cycle: ${closed.map((id) => keyOf(index, id)).join(" -> ")}`,
      nodeIds: cycle,
      edgeIds: closed.slice(1).map((target, i) => firstEdge(document.edges, closed[i]!, target)),
    };
  });
}

/** Edges on a side the node's kind closes, and no edge where it needs one (server/contracts/dag-node-kinds). */
function misplacedEdges(document: DagDocument, index: DagIndex<DagNode>): DagProblem[] {
  const problems: DagProblem[] = [];
  for (const node of index.nodes) {
    const spec = nodeKindSpec(node.kind);
    const incoming = document.edges.filter((e) => e.target === node.id && e.source !== node.id && index.byId.has(e.source));
    const outgoing = document.edges.filter((e) => e.source === node.id && e.target !== node.id && index.byId.has(e.target));
    if (spec.inputs.rule === "none" && spec.inputs.problem && incoming.length > 0) {
      problems.push({
        code: spec.inputs.problem.code,
        message: spec.inputs.problem.message(node.key, names(index, incoming.map((e) => e.source))),
        nodeIds: [node.id],
        edgeIds: incoming.map((e) => e.id),
      });
    }
    if (spec.outputs.rule === "none" && spec.outputs.problem && outgoing.length > 0) {
      problems.push({
        code: spec.outputs.problem.code,
        message: spec.outputs.problem.message(node.key, names(index, outgoing.map((e) => e.target))),
        nodeIds: [node.id],
        edgeIds: outgoing.map((e) => e.id),
      });
    }
    if (spec.inputs.rule === "required" && spec.inputs.problem && neighbours(index.predecessors, node.id).length === 0) {
      problems.push({ code: spec.inputs.problem.code, message: spec.inputs.problem.message(node.key, ""), nodeIds: [node.id], edgeIds: [] });
    }
  }
  return problems;
}

function keyOf(index: DagIndex, id: string): string {
  return index.byId.get(id)?.key ?? id;
}

function names(index: DagIndex, ids: string[]): string {
  return [...new Set(ids)].map((id) => keyOf(index, id)).join(", ");
}

function firstEdge(edges: DagEdge[], source: string, target: string): string {
  return edges.find((e) => e.source === source && e.target === target)?.id ?? "";
}

function groupBy<T>(items: T[], keyOfItem: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOfItem(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}
