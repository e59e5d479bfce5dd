import { describe, expect, it } from "vitest";
import { DagDocumentSchema, OutputSettingsSchema, outputWritesOf } from "@/server/contracts/dag";
import { buildDag } from "../graph/test-dag";
import { outputVersionKeys } from "./output-version-keys";
import { outputHeadline, outputVersions } from "./output-versions";

const inputs = { load_user_vec: "20240105", load_goods_vec: "20240106" };

describe("outputVersions", () => {
  it.each([
    ["own_key", { favpush_vec_v2: "20240106" }],
    ["predecessor_keys", { load_user_vec: "20240105", load_goods_vec: "20240106" }],
    ["both", { favpush_vec_v2: "20240106", load_user_vec: "20240105", load_goods_vec: "20240106" }],
    // Documents saved before the choice existed: what they always did.
    ["versions", { favpush_vec_v2: "20240106" }],
  ] as const)("writes %s", (writes, expected) => {
    expect(outputVersions({ key: "favpush_vec_v2", output: { writes } }, inputs)).toEqual(expected);
  });

  it("an output node without settings writes its own key", () => {
    expect(outputVersions({ key: "o" }, { t: "3" })).toEqual({ o: "3" });
  });

  it("the headline version is the own key, else the newest one written", () => {
    expect(outputHeadline("o", { o: "2", t: "9" })).toBe("2");
    expect(outputHeadline("o", { a: "20240105", b: "20240105.1" })).toBe("20240105.1");
    expect(outputHeadline("o", {})).toBeNull();
  });
});

describe("outputVersionKeys", () => {
  it("lists the keys each output node writes", () => {
    const dag = buildDag(
      { x: "data", y: "data", t: "trigger", a: { kind: "output", writes: "own_key" }, b: { kind: "output", writes: "predecessor_keys" }, c: { kind: "output", writes: "both" } },
      ["x->t", "t->a", "t->b", "y->b", "y->c"],
    );
    expect(outputVersionKeys(dag)).toEqual(["a", "c", "t", "y"]);
  });
});

describe("output settings", () => {
  it("map the legacy 'versions' to own_key and refuse anything else", () => {
    expect(OutputSettingsSchema.parse({ writes: "versions" })).toEqual({ writes: "own_key" });
    expect(OutputSettingsSchema.parse({ writes: "both" })).toEqual({ writes: "both" });
    const refused = OutputSettingsSchema.safeParse({ writes: "everything" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("Choose what the output node writes");
    expect(outputWritesOf({ writes: "versions" })).toBe("own_key");
    expect(outputWritesOf(undefined)).toBe("own_key");
  });

  it("a stored document with the legacy setting still parses, as own_key", () => {
    const doc = DagDocumentSchema.parse({
      nodes: [
        { id: "d", key: "d", kind: "data", position: { x: 0, y: 0 } },
        { id: "o", key: "o", kind: "output", position: { x: 1, y: 0 }, output: { writes: "versions" } },
      ],
      edges: [{ id: "e", source: "d", target: "o" }],
    });
    expect(doc.nodes[1]!.output).toEqual({ writes: "own_key" });
  });
});
