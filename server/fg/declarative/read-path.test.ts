import { describe, expect, it } from "vitest";
import { readPath } from "./read-path";

const root = { origin: { uid: 234 }, user_vec: [0.5, 0], cf: { score: 0, nested: { a: [1, { b: false }] } }, gone: null };

describe("readPath", () => {
  it.each([
    ["origin.uid", 234],
    ["user_vec", [0.5, 0]],
    ["user_vec.1", 0],
    ["cf.score", 0],
    ["cf.nested.a.1.b", false],
    ["user_vec.2", undefined],
    ["user_vec.x", undefined],
    ["gone", undefined],
    ["gone.score", undefined],
    ["cf.constructor", undefined],
    ["cf.score.x", undefined],
    ["absent.deep.path", undefined],
  ])("%s -> %j", (path, want) => {
    expect(readPath(root, path)).toEqual(want);
  });
});
