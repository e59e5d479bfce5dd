import type { GraphDocument } from "./graph-types";
import { indexDag, neighbours } from "./index-dag";
import { partialTopologicalOrder } from "./topological-order";

export interface LayoutOptions {
  columnWidth?: number;
  rowHeight?: number;
}

/**
 * Layered auto-layout: x is the node's longest-path layer (sources at 0), y spreads the nodes
 * of a layer around the middle of the tallest layer. Inside a layer, nodes sit in the mean
 * row of their predecessors (fewer crossings), ties broken by document order, so the same
 * document always gets the same picture. Works on a cyclic document too (the editor may lay
 * out before the cycle is fixed): nodes on a cycle go one layer after what they can reach.
 */
export function layoutDag<D extends GraphDocument>(document: D, options: LayoutOptions = {}): D {
  const columnWidth = options.columnWidth ?? 260;
  const rowHeight = options.rowHeight ?? 120;
  const index = indexDag(document);
  const { ordered, cyclic } = partialTopologicalOrder(index);

  const layerOf = new Map<string, number>();
  for (const node of [...ordered, ...cyclic]) {
    const placedPreds = neighbours(index.predecessors, node.id).filter((id) => layerOf.has(id));
    layerOf.set(node.id, Math.max(-1, ...placedPreds.map((id) => layerOf.get(id)!)) + 1);
  }

  const layers: string[][] = [];
  for (const node of index.nodes) {
    const layer = layerOf.get(node.id)!;
    (layers[layer] ??= []).push(node.id);
  }

  const rowOf = new Map<string, number>();
  for (const layer of layers) {
    const weight = new Map(layer.map((id) => [id, meanRow(neighbours(index.predecessors, id), rowOf)]));
    layer.sort((a, b) => weight.get(a)! - weight.get(b)! || index.order.get(a)! - index.order.get(b)!);
    layer.forEach((id, row) => rowOf.set(id, row));
  }

  const tallest = Math.max(0, ...layers.map((layer) => layer.length));
  const positions = new Map<string, { x: number; y: number }>();
  layers.forEach((layer, column) => {
    const offset = ((tallest - layer.length) / 2) * rowHeight;
    layer.forEach((id, row) => positions.set(id, { x: column * columnWidth, y: offset + row * rowHeight }));
  });

  return {
    ...document,
    nodes: document.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })),
  };
}

/** Mean row of the already-placed predecessors; sources (none placed) keep document order. */
function meanRow(predecessors: string[], rowOf: Map<string, number>): number {
  const rows = predecessors.map((id) => rowOf.get(id)).filter((row): row is number => row !== undefined);
  return rows.length === 0 ? 0 : rows.reduce((sum, row) => sum + row, 0) / rows.length;
}
