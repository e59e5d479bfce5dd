import type { DagDocument, DagPosition } from "@/server/contracts/dag";
import { layoutDag } from "@/sdk/src/core/dag/layout-dag";

/** The same layered layout the server uses (pure code), as new positions by node id. */
export function autoLayout(document: DagDocument): Map<string, DagPosition> {
  const laid = layoutDag(document, { columnWidth: 270, rowHeight: 165 });
  return new Map(laid.nodes.map((n) => [n.id, n.position]));
}
