import type { DagNodeKind } from "@/server/contracts/dag";
import { dataNodeView } from "./data";
import type { DagNodeView } from "./define-node-view";
import { outputNodeView } from "./output";
import { triggerNodeView } from "./trigger";

export type { DagNodeView, NodeSettings, SettingsSectionProps } from "./define-node-view";

/** How every node kind looks on the canvas and in the side panel; a kind missing here does not type-check. */
export const DAG_NODE_VIEWS: { readonly [K in DagNodeKind]: DagNodeView<K> } = {
  data: dataNodeView,
  trigger: triggerNodeView,
  output: outputNodeView,
};

export function nodeView(kind: DagNodeKind): DagNodeView {
  return DAG_NODE_VIEWS[kind] as DagNodeView;
}
