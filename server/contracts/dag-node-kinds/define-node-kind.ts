import type { DagProblem, OutputSettings, TriggerSettings } from "../dag";

/**
 * The client-safe half of a DAG node kind: everything the editor, the document schema and the
 * graph validation need to know about it, declared in one place (one file per kind beside
 * this one, listed in index.ts). Behaviour that needs the server (engine steps, what the
 * status shows, what an output writes) is registered per kind in server/dag/node-kinds; the
 * canvas card and side-panel section in components/dag/node-kinds.
 */
export interface DagNodeKindSpec<K extends string = string> {
  kind: K;
  /** Shown on the card, the palette and the side panel's title. */
  label: string;
  /** New nodes get the first free `<keyPrefix>_<n>` as key. */
  keyPrefix: string;
  /** Which sides of the node take edges, with the problem reported when the rule is broken. */
  inputs: EdgeSide<"none" | "optional" | "required">;
  outputs: EdgeSide<"none" | "optional">;
  /** The settings object this kind owns on the node (`node.trigger`, `node.output`), if any. */
  settings: KindSettings | null;
  /** Whether the node has an update cycle (phase, waiting, failures) to show. */
  hasPhases: boolean;
}

export interface EdgeSide<Rule extends string> {
  rule: Rule;
  /** The problem a save reports when the rule is broken (an edge on a "none" side, none on a "required" one). */
  problem?: { code: DagProblem["code"]; message: (key: string, others: string) => string };
}

/** Settings objects a node may carry, one per kind that has any. */
export interface NodeSettingsFields {
  trigger: TriggerSettings;
  output: OutputSettings;
}
export type NodeSettingsField = keyof NodeSettingsFields;

export type KindSettings = {
  [F in NodeSettingsField]: {
    field: F;
    /** A node of the kind must carry them (refused otherwise with `missingMessage`). */
    required: boolean;
    missingMessage: string;
    /** Said when a node of another kind carries them. */
    foreignMessage: string;
    /** What a new node of the kind starts with; `hookUrl` is the first allowed hook, if any. */
    defaults: (context: { hookUrl: string | undefined }) => NodeSettingsFields[F];
  };
}[NodeSettingsField];

/** Keeps the kind's literal type (`"data"`, not `string`) for the registry's key union. */
export function defineNodeKind<const K extends string>(spec: DagNodeKindSpec<K>): DagNodeKindSpec<K> {
  return spec;
}
