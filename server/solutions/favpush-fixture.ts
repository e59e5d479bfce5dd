/**
 * Test support: the article's solutions document (test/fixtures, `buckets` of v2 one level
 * too high) and what importing it must give. Not for production code.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Solution } from "@/server/contracts/solutions";

export const FAVPUSH_FIXTURE_PATH = path.resolve(import.meta.dirname, "../../test/fixtures/favpush.solutions.json");

/** Parsed afresh on every call, so a test may mutate it. */
export function readFavpushFixture(): Record<string, unknown> {
  return JSON.parse(readFileSync(FAVPUSH_FIXTURE_PATH, "utf8")) as Record<string, unknown>;
}

export const FAVPUSH_SOLUTIONS: readonly Solution[] = [
  {
    name: "v1",
    features: {
      user_vec: "getKV user_tbl {uid}|{version:favpush_vec_v2}",
      goods_vec: "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}",
    },
    model: { name: "favpush_lr", version: "favpush_lr_v1" },
    fg: { class: "com.xxx.ranking.fg.LRFg", version: "v2" },
    buckets: [0, 1, 2],
  },
  {
    name: "v2",
    features: {
      user_vec: "getKV user_tbl {uid}|{version:favpush_vec_v2}",
      goods_vec: "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}",
      cf: "getKKV graph_cf_tbl {uid}|{goods_id}|{version:favpush_cf_v5}",
    },
    model: { name: "favpush_dnn", version: "favpush_dnn_v1" },
    fg: { class: "com.xxx.ranking.fg.DNNFg", version: "v2" },
    buckets: [3, 4, 5, 6, 7, 8, 9],
  },
];

/** A deep copy of one of FAVPUSH_SOLUTIONS with some fields replaced. */
export function favpushSolution(name: "v1" | "v2", change: Partial<Solution> = {}): Solution {
  const base = FAVPUSH_SOLUTIONS.find((solution) => solution.name === name);
  if (!base) throw new Error(`no fixture solution ${name}`);
  return { ...structuredClone(base), ...change };
}
