import type { Solution, SolutionBody } from "@/server/contracts/solutions";

const SOLUTIONS: readonly Solution[] = [
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

/** The articles' two solutions as the console holds them: v1 (LR) on buckets 0-2, v2 (DNN) on 3-9. A deep copy. */
export function favpushSolutions(): Solution[] {
  return structuredClone([...SOLUTIONS]);
}

/** A deep copy of favpush's v1 or v2 with some fields replaced. */
export function favpushSolution(name: "v1" | "v2", change: Partial<Solution> = {}): Solution {
  const base = SOLUTIONS.find((solution) => solution.name === name);
  if (!base) throw new Error(`favpush has no solution ${name}`);
  return { ...structuredClone(base), ...change };
}

/**
 * The A/B config of the articles (seeds/002) exactly as written there: v2's `buckets` sits one
 * level too high, which the importer must accept (the exporter writes it inside the solution).
 * test/fixtures/favpush.solutions.json is the project's shared copy of it; a test holds them equal.
 * A fresh object on every call, so a caller may change it.
 */
export function favpushArticleDocument(): FavpushArticleDocument {
  const [v1, v2] = favpushSolutions().map(({ name: _name, ...body }) => body);
  const { buckets, ...v2Body } = v2!;
  return { app_name: "favpush", solutions: [{ v1: v1! }, { v2: v2Body, buckets }] };
}

export type FavpushArticleDocument = {
  app_name: string;
  solutions: [{ v1: SolutionBody }, { v2: Omit<SolutionBody, "buckets">; buckets: number[] }];
};
