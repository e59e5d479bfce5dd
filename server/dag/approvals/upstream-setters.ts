import { indexDag, neighbours } from "@/sdk/src/core/dag/index-dag";
import { nodeBehaviour } from "../node-kinds";
import type { DagSession } from "../state/dag-session";

/** Who set the current versions of the nodes set from outside (data nodes) upstream of `key` (ids and labels, unique). */
export function upstreamSetters(session: DagSession, key: string): { ids: string[]; labels: string[] } {
  const index = indexDag(session.dag);
  const start = session.dag.nodes.find((n) => n.key === key);
  const ids = new Set<string>();
  const labels = new Set<string>();
  const seen = new Set<string>();
  const stack = start ? [start.id] : [];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const pred of neighbours(index.predecessors, id)) {
      if (seen.has(pred)) continue;
      seen.add(pred);
      stack.push(pred);
      const node = index.byId.get(pred)!;
      const extra = session.extras.get(node.key);
      if (nodeBehaviour(node.kind).setFromOutside && extra?.setById) {
        ids.add(extra.setById);
        if (extra.setByLabel) labels.add(extra.setByLabel);
      }
    }
  }
  return { ids: [...ids], labels: [...labels] };
}
