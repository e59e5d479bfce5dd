import { describe, expect, it } from "vitest";
import { CoreError } from "../core-error";
import { buildDag } from "@/server/dag/graph/test-dag";
import { topologicalOrder } from "./topological-order";

describe("topologicalOrder", () => {
  it.each([
    { name: "a chain listed backwards", nodes: ["o", "t2", "t1", "d"], edges: ["d->t1", "t1->t2", "t2->o"], expected: ["d", "t1", "t2", "o"] },
    { name: "a diamond, ties in document order", nodes: ["d", "b", "a", "c"], edges: ["d->a", "d->b", "a->c", "b->c"], expected: ["d", "b", "a", "c"] },
    { name: "two sources", nodes: ["x", "t", "y"], edges: ["y->t", "x->t"], expected: ["x", "y", "t"] },
    { name: "edges to unknown nodes are ignored", nodes: ["d", "t"], edges: ["d->t", "t->ghost"], expected: ["d", "t"] },
  ])("orders $name", ({ nodes, edges, expected }) => {
    const document = buildDag(Object.fromEntries(nodes.map((key) => [key, key === "d" || key === "x" || key === "y" ? "data" : "trigger"])), edges);
    expect(topologicalOrder(document).map((node) => node.key)).toEqual(expected);
  });

  it("refuses a cycle with unprocessable, naming the nodes left", () => {
    const document = buildDag({ d: "data", a: "trigger", b: "trigger" }, ["d->a", "a->b", "b->a"]);
    expect(() => topologicalOrder(document)).toThrow(
      expect.objectContaining({ code: "unprocessable", message: expect.stringContaining("a, b") }) as CoreError,
    );
  });
});
