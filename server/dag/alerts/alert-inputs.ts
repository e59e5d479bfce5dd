import type { DagDocument } from "@/server/contracts/dag";
import type { AlertInput } from "../graph/alerts";
import { initialNodeState, type DagStates } from "../graph/propagate";
import { nodeBehaviour } from "../node-kinds";
import type { OutputProgress } from "../outputs/output-progress";

/**
 * What the alert rules measure for each node: the online version its kind shows and since
 * when (an output node has no version of its own: what it last delivered counts).
 */
export function alertInputs(dag: DagDocument, states: DagStates, outputs: Map<string, OutputProgress>): AlertInput[] {
  return dag.nodes.map((node) => {
    const limits = { key: node.key, staleAfterSeconds: node.staleAfterSeconds, expiresAfterSeconds: node.expiresAfterSeconds };
    const { online, onlineSince } = nodeBehaviour(node.kind).shownVersions(node, states[node.key] ?? initialNodeState(node), outputs.get(node.key));
    return { ...limits, online, onlineSince };
  });
}
