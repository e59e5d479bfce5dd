import { describe, expect, it } from "vitest";
import type { DagDocument } from "@/server/contracts/dag";
import { buildDag, idOf } from "./test-dag";
import { validateDag } from "./validate-dag";

const chain = buildDag({ d: "data", t1: "trigger", t2: "trigger", o: "output" }, ["d->t1", "t1->t2", "t2->o"]);

function withEdges(document: DagDocument, ...edges: Array<[string, string, string]>): DagDocument {
  return { ...document, edges: [...document.edges, ...edges.map(([id, source, target]) => ({ id, source, target }))] };
}

describe("validateDag", () => {
  it("accepts a valid chain and a diamond", () => {
    expect(validateDag(chain)).toEqual([]);
    const diamond = buildDag({ d: "data", a: "trigger", b: "trigger", c: "trigger", o: "output" }, [
      "d->a",
      "d->b",
      "a->c",
      "b->c",
      "c->o",
    ]);
    expect(validateDag(diamond)).toEqual([]);
  });

  it.each([
    {
      name: "a cycle, named by keys",
      document: buildDag({ d: "data", a: "trigger", b: "trigger", c: "trigger" }, ["d->a", "a->b", "b->c", "c->a"]),
      expected: [{ code: "cycle", message: "Cycle: a -> b -> c -> a", nodeIds: ["id-a", "id-b", "id-c"], edgeIds: ["e2", "e3", "e4"] }],
    },
    {
      name: "two separate cycles",
      document: buildDag({ d: "data", a: "trigger", b: "trigger", x: "trigger", y: "trigger" }, [
        "d->a",
        "a->b",
        "b->a",
        "d->x",
        "x->y",
        "y->x",
      ]),
      expected: [
        { code: "cycle", message: "Cycle: a -> b -> a", nodeIds: ["id-a", "id-b"], edgeIds: ["e2", "e3"] },
        { code: "cycle", message: "Cycle: x -> y -> x", nodeIds: ["id-x", "id-y"], edgeIds: ["e5", "e6"] },
      ],
    },
    {
      name: "a data node with a predecessor",
      document: withEdges(chain, ["e9", idOf("t1"), idOf("d")]),
      expected: [
        { code: "cycle", message: "Cycle: d -> t1 -> d", nodeIds: ["id-d", "id-t1"], edgeIds: ["e1", "e9"] },
        { code: "data_with_predecessor", nodeIds: ["id-d"], edgeIds: ["e9"] },
      ],
    },
    {
      name: "an output node with a successor",
      document: buildDag({ d: "data", o: "output", t: "trigger" }, ["d->o", "o->t"]),
      expected: [{ code: "output_with_successor", message: expect.stringContaining("Output node o has a successor (t)"), nodeIds: ["id-o"], edgeIds: ["e2"] }],
    },
    {
      name: "duplicate keys",
      document: { ...chain, nodes: [...chain.nodes, { ...chain.nodes[1]!, id: "other" }] },
      expected: [
        { code: "duplicate_key", message: 'Key "t1" is used by 2 nodes', nodeIds: ["id-t1", "other"], edgeIds: [] },
        { code: "trigger_without_predecessor", nodeIds: ["other"] },
      ],
    },
    {
      name: "a trigger with no predecessor",
      document: buildDag({ t: "trigger", o: "output" }, ["t->o"]),
      expected: [{ code: "trigger_without_predecessor", nodeIds: ["id-t"], edgeIds: [] }],
    },
    {
      name: "an edge to an unknown node",
      document: withEdges(chain, ["e9", idOf("t2"), "ghost"]),
      expected: [{ code: "unknown_node", message: 'Edge e9 points to unknown node "ghost"', nodeIds: [], edgeIds: ["e9"] }],
    },
    {
      name: "a self loop",
      document: withEdges(chain, ["e9", idOf("t2"), idOf("t2")]),
      expected: [{ code: "self_loop", message: "Node t2 is connected to itself", nodeIds: ["id-t2"], edgeIds: ["e9"] }],
    },
    {
      name: "a duplicate edge",
      document: withEdges(chain, ["e9", idOf("t1"), idOf("t2")]),
      expected: [{ code: "duplicate_edge", message: "t1 -> t2 is connected 2 times", edgeIds: ["e2", "e9"] }],
    },
    {
      name: "a duplicate node id",
      document: { ...chain, nodes: [...chain.nodes, { ...chain.nodes[0]!, key: "d2" }] },
      expected: [{ code: "duplicate_node_id", message: 'Node id "id-d" is used by 2 nodes', nodeIds: ["id-d"] }],
    },
  ])("reports $name", ({ document, expected }) => {
    expect(validateDag(document)).toEqual(expected.map((problem) => expect.objectContaining(problem)));
  });

  it("reports every problem of a document at once", () => {
    const broken = buildDag({ d: "data", t: "trigger", lonely: "trigger", o: "output", x: "trigger" }, [
      "t->d",
      "d->t",
      "o->x",
      "x->x",
    ]);
    expect(validateDag(broken).map((p) => p.code).sort()).toEqual(
      ["cycle", "data_with_predecessor", "output_with_successor", "self_loop", "trigger_without_predecessor"].sort(),
    );
  });
});
