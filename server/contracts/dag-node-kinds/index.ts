import { dataNodeKind } from "./data";
import type { DagNodeKindSpec, NodeSettingsField } from "./define-node-kind";
import { outputNodeKind } from "./output";
import { triggerNodeKind } from "./trigger";

export type { DagNodeKindSpec, EdgeSide, KindSettings, NodeSettingsField, NodeSettingsFields } from "./define-node-kind";

/**
 * Every kind of DAG node, in palette order. A new kind is one file beside this one and one
 * entry here (plus its entries in server/dag/node-kinds and components/dag/node-kinds, which
 * the type checker asks for).
 */
const SPECS = [dataNodeKind, triggerNodeKind, outputNodeKind] as const;

export type DagNodeKind = (typeof SPECS)[number]["kind"];
export const DAG_NODE_KINDS = SPECS.map((spec) => spec.kind) as unknown as readonly [DagNodeKind, ...DagNodeKind[]];

export const DAG_NODE_KIND_SPECS: { readonly [K in DagNodeKind]: DagNodeKindSpec<K> } = Object.fromEntries(
  SPECS.map((spec) => [spec.kind, spec]),
) as never;

export function nodeKindSpec(kind: DagNodeKind): DagNodeKindSpec<DagNodeKind> {
  return DAG_NODE_KIND_SPECS[kind];
}

/** Every settings object some kind owns, with the kind that owns it. */
export const SETTINGS_OWNERS: ReadonlyArray<{ field: NodeSettingsField; kind: DagNodeKind }> = SPECS.flatMap((spec) =>
  spec.settings ? [{ field: spec.settings.field, kind: spec.kind }] : [],
);

/** Whether an edge from a node of `source` kind to one of `target` kind can ever be saved. */
export function canConnect(source: DagNodeKind, target: DagNodeKind): boolean {
  return nodeKindSpec(source).outputs.rule !== "none" && nodeKindSpec(target).inputs.rule !== "none";
}
