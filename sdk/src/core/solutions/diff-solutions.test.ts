import { describe, expect, it } from "vitest";
import type { Solution } from "@/server/contracts/solutions";
import { diffSolutions, type SolutionsDiff } from "./diff-solutions";
import { favpushSolution, favpushSolutions } from "@/db/seed/favpush";

const v1 = favpushSolution("v1");
const v2 = favpushSolution("v2");

const cases: { name: string; before: Solution[]; after: Solution[]; diff: SolutionsDiff }[] = [
  { name: "identical lists", before: [v1, v2], after: [v1, v2], diff: { added: [], removed: [], changed: [], unchanged: ["v1", "v2"] } },
  {
    name: "reordered solutions and buckets only",
    before: [v1, v2],
    after: [favpushSolution("v2", { buckets: [...v2.buckets].reverse() }), v1],
    diff: { added: [], removed: [], changed: [], unchanged: ["v2", "v1"] },
  },
  { name: "import into an empty app", before: [], after: [v1, v2], diff: { added: [v1, v2], removed: [], changed: [], unchanged: [] } },
  { name: "a solution removed", before: [v1, v2], after: [v2], diff: { added: [], removed: [v1], changed: [], unchanged: ["v2"] } },
  {
    name: "a model version promoted and a fg class changed",
    before: [v1, v2],
    after: [v1, favpushSolution("v2", { model: { name: "favpush_dnn", version: "favpush_dnn_v2" }, fg: { class: "X", version: "v2" } })],
    diff: {
      added: [],
      removed: [],
      changed: [
        {
          name: "v2",
          changes: [
            { field: "model.version", before: "favpush_dnn_v1", after: "favpush_dnn_v2" },
            { field: "fg.class", before: "com.xxx.ranking.fg.DNNFg", after: "X" },
          ],
        },
      ],
      unchanged: ["v1"],
    },
  },
  {
    name: "features added, removed and edited, sorted by name",
    before: [v2],
    after: [
      favpushSolution("v2", {
        features: { user_vec: "getKV user_tbl {uid}|{version:favpush_vec_v3}", cf: v2.features.cf ?? "", ctx: "getKV ctx_tbl {uid}" },
      }),
    ],
    diff: {
      added: [],
      removed: [],
      changed: [
        {
          name: "v2",
          changes: [
            { field: "features.ctx", before: null, after: "getKV ctx_tbl {uid}" },
            { field: "features.goods_vec", before: "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}", after: null },
            {
              field: "features.user_vec",
              before: "getKV user_tbl {uid}|{version:favpush_vec_v2}",
              after: "getKV user_tbl {uid}|{version:favpush_vec_v3}",
            },
          ],
        },
      ],
      unchanged: [],
    },
  },
  {
    name: "buckets moved between the two",
    before: [...favpushSolutions()],
    after: [favpushSolution("v1", { buckets: [0, 1, 2, 3] }), favpushSolution("v2", { buckets: [4, 5, 6, 7, 8, 9] })],
    diff: {
      added: [],
      removed: [],
      changed: [
        { name: "v1", changes: [{ field: "buckets", before: [0, 1, 2], after: [0, 1, 2, 3], added: [3], removed: [] }] },
        { name: "v2", changes: [{ field: "buckets", before: [3, 4, 5, 6, 7, 8, 9], after: [4, 5, 6, 7, 8, 9], added: [], removed: [3] }] },
      ],
      unchanged: [],
    },
  },
  {
    name: "a solution renamed (seen as removed and added)",
    before: [v1],
    after: [favpushSolution("v1", { name: "lr" })],
    diff: { added: [favpushSolution("v1", { name: "lr" })], removed: [v1], changed: [], unchanged: [] },
  },
];

describe("diffSolutions", () => {
  it.each(cases)("$name", ({ before, after, diff }) => {
    expect(diffSolutions(before, after)).toEqual(diff);
  });
});
