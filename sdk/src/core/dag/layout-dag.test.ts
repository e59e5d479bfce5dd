import { describe, expect, it } from "vitest";
import { layoutDag } from "./layout-dag";
import { buildDag } from "@/server/dag/graph/test-dag";

const options = { columnWidth: 100, rowHeight: 10 };

function positions(document: ReturnType<typeof buildDag>) {
  return Object.fromEntries(layoutDag(document, options).nodes.map((node) => [node.key, [node.position.x, node.position.y]]));
}

describe("layoutDag", () => {
  it.each([
    {
      name: "a chain on one row",
      document: buildDag({ d: "data", t1: "trigger", t2: "trigger", o: "output" }, ["d->t1", "t1->t2", "t2->o"]),
      expected: { d: [0, 0], t1: [100, 0], t2: [200, 0], o: [300, 0] },
    },
    {
      name: "a diamond centred on its widest layer",
      document: buildDag({ d: "data", a: "trigger", b: "trigger", c: "trigger" }, ["d->a", "d->b", "a->c", "b->c"]),
      expected: { d: [0, 5], a: [100, 0], b: [100, 10], c: [200, 5] },
    },
    {
      name: "x by the longest path, not the shortest",
      document: buildDag({ d: "data", a: "trigger", o: "output" }, ["d->a", "a->o", "d->o"]),
      expected: { d: [0, 0], a: [100, 0], o: [200, 0] },
    },
    {
      name: "layers ordered by their predecessors' rows",
      document: buildDag({ x: "data", y: "data", ty: "trigger", tx: "trigger" }, ["x->tx", "y->ty"]),
      expected: { x: [0, 0], y: [0, 10], tx: [100, 0], ty: [100, 10] },
    },
    {
      name: "a cycle without failing",
      document: buildDag({ d: "data", a: "trigger", b: "trigger" }, ["d->a", "a->b", "b->a"]),
      expected: { d: [0, 0], a: [100, 0], b: [200, 0] },
    },
  ])("lays out $name", ({ document, expected }) => {
    expect(positions(document)).toEqual(expected);
  });

  it("is deterministic and keeps everything but positions", () => {
    const document = buildDag({ d: "data", a: "trigger", b: "trigger", o: "output" }, ["d->a", "d->b", "a->o", "b->o"]);
    const first = layoutDag(document);
    expect(layoutDag(document)).toEqual(first);
    expect(first.edges).toEqual(document.edges);
    expect(first.nodes.map(({ position: _position, ...rest }) => rest)).toEqual(document.nodes.map(({ position: _position, ...rest }) => rest));
  });
});
