import { CoreError } from "../core-error";
import type { GraphDocument, GraphNode } from "./graph-types";
import { indexDag, neighbours, type DagIndex } from "./index-dag";

/**
 * Nodes so that every node comes after all its predecessors; among nodes free at the same
 * time, document order wins, so the result is stable across saves. Throws `unprocessable`
 * when the graph has a cycle (validateDag names it).
 */
export function topologicalOrder<N extends GraphNode>(document: GraphDocument<N>): N[] {
  const { ordered, cyclic } = partialTopologicalOrder(indexDag(document));
  if (cyclic.length > 0) {
    throw new CoreError("unprocessable", `The DAG has a cycle through ${cyclic.map((n) => n.key).join(", ")}`, {
      nodeIds: cyclic.map((n) => n.id),
    });
  }
  return ordered;
}

/** Kahn's algorithm; nodes on or behind a cycle are returned apart, in document order. */
export function partialTopologicalOrder<N extends GraphNode>(index: DagIndex<N>): { ordered: N[]; cyclic: N[] } {
  const remaining = new Map(index.nodes.map((node) => [node.id, neighbours(index.predecessors, node.id).length]));
  const free = index.nodes.filter((node) => remaining.get(node.id) === 0).map((node) => node.id);
  const ordered: N[] = [];
  while (free.length > 0) {
    free.sort((a, b) => index.order.get(a)! - index.order.get(b)!);
    const id = free.shift()!;
    ordered.push(index.byId.get(id)!);
    for (const succ of neighbours(index.successors, id)) {
      const left = remaining.get(succ)! - 1;
      remaining.set(succ, left);
      if (left === 0) free.push(succ);
    }
  }
  const placed = new Set(ordered.map((node) => node.id));
  return { ordered, cyclic: index.nodes.filter((node) => !placed.has(node.id)) };
}
