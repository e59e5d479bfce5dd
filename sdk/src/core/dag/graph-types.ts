/**
 * The least of a DAG document that the graph functions read. server/contracts/dag.ts's
 * DagDocument (zod-checked, with kinds and settings) is structurally one of these; the functions
 * are generic over the node type, so what they return keeps the caller's own node type.
 */
export interface GraphNode {
  id: string;
  key: string;
  position: { x: number; y: number };
}

export interface GraphEdge {
  source: string;
  target: string;
}

export interface GraphDocument<N extends GraphNode = GraphNode> {
  nodes: N[];
  edges: GraphEdge[];
}
