import type { DagDocument } from "@/server/contracts/dag";
import type { AlertInput } from "../graph/alerts";
import type { DagStates } from "../graph/propagate";
import type { OutputProgress } from "../outputs/output-progress";
import { outputHeadline } from "../outputs/output-versions";

/**
 * What the alert rules measure for each node: its online version and since when. An output
 * node has no version of its own: what it last delivered to the config center counts.
 */
export function alertInputs(dag: DagDocument, states: DagStates, outputs: Map<string, OutputProgress>): AlertInput[] {
  return dag.nodes.map((node) => {
    const limits = { key: node.key, staleAfterSeconds: node.staleAfterSeconds, expiresAfterSeconds: node.expiresAfterSeconds };
    if (node.kind === "output") {
      const delivered = outputs.get(node.key)?.delivered;
      return { ...limits, online: delivered ? outputHeadline(node.key, delivered.versions) : null, onlineSince: delivered?.at.toISOString() ?? null };
    }
    const state = states[node.key];
    return { ...limits, online: state?.online ?? null, onlineSince: state?.onlineSince ?? null };
  });
}
