import type { DagDocument } from "@/server/contracts/dag";
import { assertWithinCap } from "@/server/limits/assert-within-cap";

/**
 * 422 naming the cap when a DAG passes one (CAPS in server/contracts/limits.ts): nodes and
 * edges per DAG, and a trigger hook's headers (count, and the UTF-8 bytes of each name and
 * value). Checked before the graph rules, which would otherwise walk a huge graph first.
 */
export function assertDagWithinCaps(document: DagDocument): void {
  assertWithinCap("dagNodes", document.nodes.length, (limit) => `A DAG has at most ${limit} nodes`, { field: "document.nodes" });
  assertWithinCap("dagEdges", document.edges.length, (limit) => `A DAG has at most ${limit} edges`, { field: "document.edges" });
  for (const node of document.nodes) {
    const headers = node.trigger?.headers;
    if (!headers) continue;
    const at = { nodeIds: [node.id], field: `${node.key}.trigger.headers` };
    assertWithinCap("hookHeaders", Object.keys(headers).length, (limit) => `${node.key}: a hook sends at most ${limit} headers`, at);
    for (const [name, value] of Object.entries(headers)) {
      assertWithinCap("hookHeaderNameBytes", Buffer.byteLength(name), (limit) => `${node.key}: a hook header name is at most ${limit} bytes`, { ...at, header: name.slice(0, 64) });
      // Values may be kept secrets that are not strings here (write-only headers): only text is measured.
      if (typeof value === "string") {
        assertWithinCap("hookHeaderValueBytes", Buffer.byteLength(value), (limit) => `${node.key}: the hook header "${name}" is at most ${limit / 1024} KiB`, { ...at, header: name });
      }
    }
  }
}
