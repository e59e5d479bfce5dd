import { describe, expect, it } from "vitest";
import type { DagDocument } from "@/server/contracts/dag";
import { findReviewWeakening } from "./review-weakening";
import { buildDag, type NodeSpec } from "./test-dag";

const reviewed: NodeSpec = { kind: "trigger", requiresApproval: true };

/** d -> train (reviewed) -> o, the shape every case below edits. */
const guarded = buildDag({ d: "data", train: reviewed, o: "output" }, ["d->train", "train->o"]);

function moved(document: DagDocument): DagDocument {
  return { ...document, nodes: document.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: n.position.y + 7 }, description: "renamed" })) };
}

function withHook(document: DagDocument, key: string, hookUrl: string): DagDocument {
  return { ...document, nodes: document.nodes.map((n) => (n.key === key && n.trigger ? { ...n, trigger: { ...n.trigger, hookUrl } } : n)) };
}

describe("findReviewWeakening", () => {
  it.each([
    { name: "the same DAG", previous: guarded, next: guarded, expected: [] },
    { name: "nodes moved and described", previous: guarded, next: moved(guarded), expected: [] },
    {
      name: "the needs-reviewer flag removed",
      previous: guarded,
      next: buildDag({ d: "data", train: "trigger", o: "output" }, ["d->train", "train->o"]),
      expected: [{ kind: "fewer_reviews", data: "d", output: "o", path: ["d", "train", "o"], reviewedBefore: 1, reviewedAfter: 0, lost: [{ node: "train", why: "flag_removed" }] }],
    },
    {
      name: "an edge straight from the data node to the output",
      previous: guarded,
      next: buildDag({ d: "data", train: reviewed, o: "output" }, ["d->train", "train->o", "d->o"]),
      expected: [{ kind: "fewer_reviews", data: "d", output: "o", path: ["d", "o"], reviewedBefore: 1, reviewedAfter: 0, lost: [{ node: "train", why: "bypassed" }] }],
    },
    {
      name: "the reviewed trigger replaced by an unreviewed one",
      previous: guarded,
      next: buildDag({ d: "data", other: "trigger", o: "output" }, ["d->other", "other->o"]),
      expected: [{ kind: "fewer_reviews", data: "d", output: "o", path: ["d", "other", "o"], reviewedBefore: 1, reviewedAfter: 0, lost: [{ node: "train", why: "node_removed" }] }],
    },
    {
      name: "a new data node wired around the reviewed trigger",
      previous: guarded,
      next: buildDag({ d: "data", d2: "data", train: reviewed, o: "output" }, ["d->train", "train->o", "d2->o"]),
      expected: [{ kind: "fewer_reviews", data: "d2", output: "o", path: ["d2", "o"], reviewedBefore: 1, reviewedAfter: 0, lost: [{ node: "train", why: "bypassed" }] }],
    },
    {
      name: "one of two reviewed triggers in series dropped",
      previous: buildDag({ d: "data", a: reviewed, b: reviewed, o: "output" }, ["d->a", "a->b", "b->o"]),
      next: buildDag({ d: "data", a: reviewed, b: "trigger", o: "output" }, ["d->a", "a->b", "b->o"]),
      expected: [{ kind: "fewer_reviews", data: "d", output: "o", path: ["d", "a", "b", "o"], reviewedBefore: 2, reviewedAfter: 1, lost: [{ node: "b", why: "flag_removed" }] }],
    },
    {
      name: "a reviewed trigger added, or an unreviewed one in series",
      previous: guarded,
      next: buildDag({ d: "data", pre: "trigger", train: reviewed, check: reviewed, o: "output" }, ["d->pre", "pre->train", "train->check", "check->o"]),
      expected: [],
    },
    {
      name: "a second reviewed branch in parallel",
      previous: guarded,
      next: buildDag({ d: "data", train: reviewed, alt: reviewed, o: "output" }, ["d->train", "train->o", "d->alt", "alt->o"]),
      expected: [],
    },
    {
      name: "an unreviewed path into an output that never had review",
      previous: buildDag({ d: "data", t: "trigger", o: "output" }, ["d->t", "t->o"]),
      next: buildDag({ d: "data", t: "trigger", o: "output" }, ["d->t", "t->o", "d->o"]),
      expected: [],
    },
    {
      name: "a new, unreviewed output (nothing reviewed wrote it)",
      previous: guarded,
      next: buildDag({ d: "data", train: reviewed, o: "output", o2: "output" }, ["d->train", "train->o", "d->o2"]),
      expected: [],
    },
    {
      name: "an unreviewed output renamed to the reviewed one's key",
      previous: buildDag({ d: "data", train: reviewed, o: "output", side: "output" }, ["d->train", "train->o", "d->side"]),
      next: buildDag({ d: "data", train: reviewed, o: "output" }, ["d->train", "d->o"]),
      expected: [{ kind: "fewer_reviews", data: "d", output: "o", path: ["d", "o"], reviewedBefore: 1, reviewedAfter: 0, lost: [{ node: "train", why: "bypassed" }] }],
    },
    {
      name: "the reviewed trigger removed with the output it fed",
      previous: guarded,
      next: buildDag({ d: "data" }, []),
      expected: [],
    },
    {
      name: "a hook URL changed (on an unreviewed trigger too)",
      previous: buildDag({ d: "data", t: "trigger", o: "output" }, ["d->t", "t->o"]),
      next: withHook(buildDag({ d: "data", t: "trigger", o: "output" }, ["d->t", "t->o"]), "t", "http://127.0.0.1:9/other"),
      expected: [{ kind: "hook_url_changed", node: "t", before: "http://127.0.0.1:9/hook", after: "http://127.0.0.1:9/other" }],
    },
    {
      name: "a new trigger node with its own hook",
      previous: guarded,
      next: withHook(buildDag({ d: "data", train: reviewed, t: "trigger", o: "output" }, ["d->train", "train->t", "t->o"]), "t", "http://127.0.0.1:9/new"),
      expected: [],
    },
  ])("$name", ({ previous, next, expected }) => {
    expect(findReviewWeakening(previous, next)).toEqual(expected);
  });

  it("copes with a cycle (the save refuses it, but the comparison must not hang)", () => {
    const cyclic = buildDag({ d: "data", a: reviewed, b: "trigger", o: "output" }, ["d->a", "a->b", "b->a", "b->o"]);
    expect(findReviewWeakening(guarded, cyclic)).toEqual([]);
  });
});
