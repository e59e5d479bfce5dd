import type { GraphDocument, GraphNode } from "./graph-types";

/**
 * Adjacency of a DAG document for the graph functions. Edges that validate-dag reports as
 * broken (unknown end, self loop, duplicate) are left out here, so the algorithms built on
 * this index stay total on any document and the problems are reported once, by validateDag.
 */
export interface DagIndex<N extends GraphNode = GraphNode> {
  /** First node of each id, in document order. */
  nodes: N[];
  byId: Map<string, N>;
  /** Position of each node in `nodes`: the tie-break that keeps every result deterministic. */
  order: Map<string, number>;
  predecessors: Map<string, string[]>;
  successors: Map<string, string[]>;
}

export function indexDag<N extends GraphNode>(document: GraphDocument<N>): DagIndex<N> {
  const byId = new Map<string, N>();
  for (const node of document.nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  const nodes = [...byId.values()];
  const order = new Map(nodes.map((node, i) => [node.id, i]));
  const predecessors = new Map(nodes.map((node) => [node.id, [] as string[]]));
  const successors = new Map(nodes.map((node) => [node.id, [] as string[]]));
  const seen = new Set<string>();
  for (const edge of document.edges) {
    const pair = `${edge.source}\u0000${edge.target}`;
    if (edge.source === edge.target || seen.has(pair)) continue;
    const preds = predecessors.get(edge.target);
    const succs = successors.get(edge.source);
    if (!preds || !succs) continue;
    seen.add(pair);
    preds.push(edge.source);
    succs.push(edge.target);
  }
  return { nodes, byId, order, predecessors, successors };
}

/** The neighbours of `id` in the index (empty for an unknown id). */
export function neighbours(map: Map<string, string[]>, id: string): string[] {
  return map.get(id) ?? [];
}
