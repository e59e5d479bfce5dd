import type { DagNodeKind } from "@/server/contracts/dag";
import { dataNodeBehaviour } from "./data";
import type { DagNodeBehaviour } from "./define-node-behaviour";
import { outputNodeBehaviour } from "./output";
import { triggerNodeBehaviour } from "./trigger";

export type { DagNodeBehaviour, ShownVersions } from "./define-node-behaviour";

/** The server behaviour of every node kind; a kind missing here does not type-check. */
export const DAG_NODE_BEHAVIOURS: { readonly [K in DagNodeKind]: DagNodeBehaviour<K> } = {
  data: dataNodeBehaviour,
  trigger: triggerNodeBehaviour,
  output: outputNodeBehaviour,
};

export function nodeBehaviour(kind: DagNodeKind): DagNodeBehaviour {
  return DAG_NODE_BEHAVIOURS[kind] as DagNodeBehaviour;
}

/** The kinds with a behaviour, e.g. "data" for the ones set from outside (for messages). */
export function kindsWhere(test: (behaviour: DagNodeBehaviour) => boolean): DagNodeKind[] {
  return (Object.values(DAG_NODE_BEHAVIOURS) as DagNodeBehaviour[]).filter(test).map((b) => b.kind);
}
