import type { DagNode, DagNodeKind } from "@/server/contracts/dag";
import type { StateAction } from "../graph/actions-and-events";
import type { DagNodeState } from "../graph/node-state";
import type { OutputProgress } from "../outputs/output-progress";

/**
 * The server half of a DAG node kind: how the engine moves it and what the console shows of
 * it. One file per kind beside this one, listed in index.ts; the declarative half (handles,
 * settings, edge rules) is in server/contracts/dag-node-kinds.
 */
export interface DagNodeBehaviour<K extends DagNodeKind = DagNodeKind> {
  kind: K;
  /**
   * What the node does once every input settled and one of them moved past what it consumed
   * (`online`: each input's online version). Kinds that take no inputs have none.
   */
  onInputsMoved?(node: DagNode, state: DagNodeState, online: Record<string, string>): StateAction;
  /** The versions the canvas and the alerts show for the node. */
  shownVersions(node: DagNode, state: DagNodeState, output: OutputProgress | undefined): ShownVersions;
  /** Hook URLs the node calls: a save is refused unless an admin allowed each one. */
  hookUrls(node: DagNode): string[];
  /** Its version is set from outside (setDataVersion), and whoever sets it counts as an author upstream. */
  setFromOutside: boolean;
  /** It calls hooks: its last call is shown, and a person may retry it when it failed. */
  callsHooks: boolean;
  /** It writes to the config center: its deliveries are shown. */
  writesOutput: boolean;
  /** Version keys it writes to the config center, given its inputs' keys. */
  writtenKeys(node: DagNode, inputKeys: string[]): string[];
}

export interface ShownVersions {
  online: string | null;
  ready: string | null;
  onlineSince: string | null;
}

/** The node's own versions, as its state holds them (every kind but those that show something else). */
export function ownVersions(state: DagNodeState): ShownVersions {
  return { online: state.online, ready: state.ready, onlineSince: state.onlineSince };
}

export function defineNodeBehaviour<const K extends DagNodeKind>(behaviour: DagNodeBehaviour<K>): DagNodeBehaviour<K> {
  return behaviour;
}
