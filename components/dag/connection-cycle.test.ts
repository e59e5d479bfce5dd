import { describe, expect, it } from "vitest";
import { cycleClosedBy, describeCycle } from "./connection-cycle";

const edges = (...pairs: string[]) => pairs.map((p) => ({ source: p[0]!, target: p[1]! }));

describe("cycleClosedBy", () => {
  it("is null when the new edge keeps the graph acyclic", () => {
    expect(cycleClosedBy(edges("ab", "bc"), "a", "c")).toBeNull();
    expect(cycleClosedBy(edges("ab", "bc"), "c", "d")).toBeNull();
    expect(cycleClosedBy([], "a", "b")).toBeNull();
  });

  it("names the cycle from the new edge's source back to it", () => {
    expect(cycleClosedBy(edges("ab"), "b", "a")).toEqual(["b", "a", "b"]);
    expect(cycleClosedBy(edges("ab", "bc"), "c", "a")).toEqual(["c", "a", "b", "c"]);
  });

  it("takes the shortest way back when there are several", () => {
    expect(cycleClosedBy(edges("ab", "bc", "cd", "ad"), "d", "a")).toEqual(["d", "a", "d"]);
  });

  it("refuses an edge from a node to itself", () => {
    expect(cycleClosedBy([], "a", "a")).toEqual(["a", "a"]);
  });
});

describe("describeCycle", () => {
  it("reads with the nodes' keys", () => {
    expect(describeCycle(["1", "2", "1"], (id) => ({ "1": "A", "2": "B" })[id]!)).toBe("A → B → A would make a cycle");
  });
});
