import type { Edge, Node } from "@xyflow/react";
import type { DagDocument, DagNode, DagNodeKind } from "@/server/contracts/dag";
import { DAG_NODE_KINDS, nodeKindSpec } from "@/server/contracts/dag-node-kinds";
import type { DagNodeStatus } from "@/server/contracts/dag-status";

/** A DAG node on the canvas: its saved settings (position lives on the flow node). */
export type DagNodeData = {
  node: Omit<DagNode, "position" | "id">;
  status?: DagNodeStatus;
  /** Messages of the save problems this node is part of (422): drawn in red. */
  problems?: string[];
  readOnly?: boolean;
};
export type DagFlowNode = Node<DagNodeData, "dag">;

export function toFlowNodes(document: DagDocument): DagFlowNode[] {
  return document.nodes.map(({ id, position, ...node }) => ({ id, type: "dag", position, data: { node } }));
}

export function toFlowEdges(document: DagDocument): Edge[] {
  return document.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }));
}

export function toDocument(nodes: DagFlowNode[], edges: Edge[]): DagDocument {
  return {
    nodes: nodes.map((n) => ({ id: n.id, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) }, ...n.data.node })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
  };
}

/** A new node of `kind` with a key not used yet, and the kind's default settings (they save as they are). */
export function newNode(kind: DagNodeKind, taken: Set<string>, hookUrl: string | undefined): Omit<DagNode, "position" | "id"> {
  const spec = nodeKindSpec(kind);
  let n = 1;
  while (taken.has(`${spec.keyPrefix}_${n}`)) n++;
  const key = `${spec.keyPrefix}_${n}`;
  return spec.settings ? { key, kind, [spec.settings.field]: spec.settings.defaults({ hookUrl }) } : { key, kind };
}

export const KIND_LABEL = Object.fromEntries(DAG_NODE_KINDS.map((kind) => [kind, nodeKindSpec(kind).label])) as Record<DagNodeKind, string>;
