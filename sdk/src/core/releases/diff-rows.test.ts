import { describe, expect, it } from "vitest";
import { diffRows, displayPath, rowsOfDiff } from "./diff-rows";
import { diffContent } from "./release-diff";

const before = {
  document: { app_name: "favpush", solutions: [{ v1: { buckets: [0, 1], model: { version: "a" } } }, { v2: { buckets: [2] } }] },
  versions: { k1: "1", k2: "2" },
};
const after = {
  document: { app_name: "favpush", solutions: [{ v1: { buckets: [0], model: { version: "b" } } }] },
  versions: { k1: "1", k3: "3" },
};

describe("diff rows", () => {
  it("marks every key and keeps a removed key where it was", () => {
    const rows = diffRows(before, after);
    expect(rows.map((r) => [r.path, r.kind])).toEqual([
      ["document.app_name", "same"],
      ["document.solutions[v1].buckets", "changed"],
      ["document.solutions[v1].model.version", "changed"],
      ["document.solutions[v2].buckets", "removed"],
      ["versions.k1", "same"],
      ["versions.k2", "removed"],
      ["versions.k3", "added"],
    ]);
    expect(rows[1]).toMatchObject({ before: [0, 1], after: [0] });
  });

  it("treats a first release as all added", () => {
    expect(diffRows(null, after).every((r) => r.kind === "added")).toBe(true);
  });

  it("agrees with the stored diff on what changed", () => {
    const changed = diffRows(before, after).filter((r) => r.kind !== "same").map((r) => r.path).sort();
    expect(rowsOfDiff(diffContent(before, after)).map((r) => r.path).sort()).toEqual(changed);
  });

  it("shortens document paths", () => {
    expect(displayPath("document.solutions[v2].model")).toBe("solutions[v2].model");
    expect(displayPath("versions.k1")).toBe("versions.k1");
  });
});
