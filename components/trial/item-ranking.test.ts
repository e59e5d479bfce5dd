import { describe, expect, it } from "vitest";
import type { BatchScoreResponse } from "@/server/contracts/scoring";
import { compareRankings, rankItems } from "./item-ranking";

const scored = (index: number, y: number) => ({ index, outputs: { probs: { dtype: "float", shape: [1, 1], values: [y] } }, log: {} });
const failed = (index: number) => ({ index, error: { code: "feature_missing", message: "no row", stage: "features" as const } });
const batch = (items: BatchScoreResponse["items"]): BatchScoreResponse => ({
  app: "favpush",
  bucket: 3,
  solution: "lr",
  model: { name: "m", version: 1, instances: ["a"] },
  items,
  predict: { mode: "stacked", calls: 1 },
});
const ids = [{ goods_id: 10 }, { goods_id: 11 }, { goods_id: 12 }, { goods_id: 13 }];

describe("rankItems", () => {
  it("ranks by the first output's first value, highest first; errors last with their stage", () => {
    const r = rankItems(batch([scored(0, 0.2), failed(1), scored(2, 0.9), scored(3, 0.5)]), ids);
    expect(r.output).toBe("probs");
    expect(r.rows.map((x) => [x.label, x.rank, x.score])).toEqual([
      ["12", 1, 0.9],
      ["13", 2, 0.5],
      ["10", 3, 0.2],
      ["11", null, null],
    ]);
    expect(r.rows[3]!.error).toBe("features: no row");
  });

  it("gives equal scores the same rank", () => {
    const r = rankItems(batch([scored(0, 0.5), scored(1, 0.5), scored(2, 0.1)]), ids);
    expect(r.rows.map((x) => x.rank)).toEqual([1, 1, 3]);
  });
});

describe("compareRankings", () => {
  it("puts each item's rank under both solutions side by side, with the places it moved", () => {
    const a = rankItems(batch([scored(0, 0.9), scored(1, 0.5), failed(2)]), ids);
    const b = rankItems(batch([scored(0, 0.1), scored(1, 0.8), scored(2, 0.3)]), ids);
    const rows = compareRankings(a, b);
    expect(rows.map((r) => [r.label, r.a?.rank, r.b?.rank, r.change])).toEqual([
      ["10", 1, 3, -2],
      ["11", 2, 1, 1],
      ["12", null, 2, null],
    ]);
  });
});
