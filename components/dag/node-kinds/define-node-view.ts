import type { ComponentType } from "react";
import type { DagNodeKind } from "@/server/contracts/dag";
import type { HookEndpoint } from "@/server/contracts/hook-allowlist";
import type { DagNodeData } from "../dag-flow-model";

export type NodeSettings = DagNodeData["node"];

/** What a kind's side-panel section gets: the node, a way to change it, and the form's id prefix. */
export interface SettingsSectionProps {
  node: NodeSettings;
  set: (patch: Partial<NodeSettings>) => void;
  hooks: HookEndpoint[];
  id: string;
}

/**
 * The canvas half of a DAG node kind: how its card looks and its part of the side panel. One
 * file per kind beside this one, listed in index.ts; handles and labels come from the kind's
 * declaration in server/contracts/dag-node-kinds.
 */
export interface DagNodeView<K extends DagNodeKind = DagNodeKind> {
  kind: K;
  /** Colours of the card's header. */
  headerClass: string;
  /** A short note in the card's header, e.g. that a reviewer decides. */
  headerNote?: (node: NodeSettings) => string | null;
  /** Its settings in the side panel, between the description and the alert limits. */
  SettingsSection?: ComponentType<SettingsSectionProps>;
}

export function defineNodeView<const K extends DagNodeKind>(view: DagNodeView<K>): DagNodeView<K> {
  return view;
}
