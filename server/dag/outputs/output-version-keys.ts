import type { DagDocument } from "@/server/contracts/dag";
import { nodeBehaviour } from "../node-kinds";

/**
 * Every version key the DAG's nodes write to the config center (its output nodes, per their
 * settings), for code that lists the keys `{version:KEY}` may use before anything was written.
 */
export function outputVersionKeys(dag: DagDocument): string[] {
  const keyOf = new Map(dag.nodes.map((n) => [n.id, n.key]));
  const keys = new Set<string>();
  for (const node of dag.nodes) {
    const inputKeys = dag.edges.filter((e) => e.target === node.id && keyOf.has(e.source)).map((e) => keyOf.get(e.source)!);
    for (const key of nodeBehaviour(node.kind).writtenKeys(node, inputKeys)) keys.add(key);
  }
  return [...keys].sort();
}
