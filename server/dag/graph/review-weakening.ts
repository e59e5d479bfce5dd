import type { DagDocument, DagNode } from "@/server/contracts/dag";
import type { LostReviewer, ReviewWeakening } from "@/server/contracts/dag-change";
import { maskUrlCredentials } from "@/server/contracts/dag-secrets";

/**
 * Whether saving `next` over `previous` weakens review, and how (docs/dag.md, "Saves that need
 * a reviewer"). Pure. Nodes are matched by key (the engine's identity, and what outputs write),
 * so deleting a node and re-creating it under the same key is the same node.
 *
 * For every data node D and output node O joined by a path, take the fewest reviewed trigger
 * nodes (trigger nodes with "needs reviewer") any path D -> ... -> O passes: one path around
 * them is enough to skip review. The save weakens review when some pair has fewer in `next`
 * than in `previous`; a pair that had no path before (a new edge, a renamed data node)
 * is held to the fewest any old path into O had. An output with no old paths guarded nothing.
 * Changing a trigger node's hook URL weakens review too: the hook decides what gets confirmed.
 */
export function findReviewWeakening(previous: DagDocument, next: DagDocument): ReviewWeakening[] {
  const before = fewestReviews(previous);
  const after = fewestReviews(next);
  const reviewedNext = reviewedKeys(next);
  const nextKeys = new Set(next.nodes.map((n) => n.key));
  const reasons: ReviewWeakening[] = [];

  for (const [pair, now] of [...after].sort(([a], [b]) => a.localeCompare(b))) {
    const [data, output] = splitPair(pair);
    const old = before.get(pair) ?? guardOf(before, output);
    if (!old || now.count >= old.count) continue;
    const lost: LostReviewer[] = old.reviewed
      .filter((key) => !now.reviewed.includes(key))
      .map((node) => ({ node, why: !nextKeys.has(node) ? "node_removed" : !reviewedNext.has(node) ? "flag_removed" : "bypassed" }));
    reasons.push({ kind: "fewer_reviews", data, output, path: now.path, reviewedBefore: old.count, reviewedAfter: now.count, lost });
  }

  const previousTriggers = new Map(previous.nodes.filter((n) => n.trigger).map((n) => [n.key, n.trigger!.hookUrl]));
  for (const node of next.nodes) {
    const was = previousTriggers.get(node.key);
    if (node.trigger && was !== undefined && was !== node.trigger.hookUrl) {
      // Shown to reviewers: credentials in the URLs stay masked (a change of credentials alone shows the same URL twice).
      reasons.push({ kind: "hook_url_changed", node: node.key, before: maskUrlCredentials(was), after: maskUrlCredentials(node.trigger.hookUrl) });
    }
  }
  return reasons;
}

interface Fewest {
  count: number;
  /** The path (keys) that has that few, and the reviewed triggers on it. */
  path: string[];
  reviewed: string[];
}

const SEP = "\u0000";
const splitPair = (pair: string) => pair.split(SEP) as [string, string];

function reviewedKeys(document: DagDocument): Set<string> {
  return new Set(document.nodes.filter(isReviewed).map((n) => n.key));
}

function isReviewed(node: DagNode): boolean {
  return node.kind === "trigger" && node.trigger?.requiresApproval === true;
}

/** The fewest-reviewed path into `output` from any data node: what a new path into it must match. */
function guardOf(fewest: Map<string, Fewest>, output: string): Fewest | undefined {
  let best: Fewest | undefined;
  for (const [pair, f] of fewest) {
    if (splitPair(pair)[1] === output && (!best || f.count < best.count)) best = f;
  }
  return best;
}

/**
 * For each (data, output) pair joined by a path: the fewest reviewed triggers on any path
 * between them. A 0-1 breadth-first search from each data node (a node costs 1 when reviewed),
 * so it is linear per data node and safe on a graph with a cycle (the save refuses those anyway).
 */
function fewestReviews(document: DagDocument): Map<string, Fewest> {
  const byId = new Map(document.nodes.map((n) => [n.id, n]));
  const next = new Map<string, DagNode[]>();
  for (const edge of document.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (source && target) next.set(source.id, [...(next.get(source.id) ?? []), target]);
  }
  const result = new Map<string, Fewest>();
  for (const start of document.nodes.filter((n) => n.kind === "data")) {
    const cost = new Map<string, number>([[start.id, 0]]);
    const from = new Map<string, string>();
    const queue: DagNode[] = [start];
    while (queue.length > 0) {
      const node = queue.shift()!;
      for (const target of next.get(node.id) ?? []) {
        const weight = isReviewed(target) ? 1 : 0;
        const reached = cost.get(node.id)! + weight;
        if (reached >= (cost.get(target.id) ?? Infinity)) continue;
        cost.set(target.id, reached);
        from.set(target.id, node.id);
        if (weight === 0) queue.unshift(target);
        else queue.push(target);
      }
    }
    for (const output of document.nodes.filter((n) => n.kind === "output" && cost.has(n.id))) {
      const ids = [output.id];
      while (from.has(ids[0]!)) ids.unshift(from.get(ids[0]!)!);
      const path = ids.map((id) => byId.get(id)!);
      result.set(`${start.key}${SEP}${output.key}`, {
        count: cost.get(output.id)!,
        path: path.map((n) => n.key),
        reviewed: path.filter(isReviewed).map((n) => n.key),
      });
    }
  }
  return result;
}
