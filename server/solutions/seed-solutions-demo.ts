import type { Db } from "@/db";
import { SYSTEM } from "@/server/auth/actor";
import { getSolutionsDraft } from "./get-solutions-draft";
import { importSolutions } from "./import-solutions";

/**
 * The A/B config of the articles (seeds/002), as written there: v2's `buckets` sits one level
 * too high, which the importer accepts. favpush starts with v1 on buckets 0-2 and v2 on 3-9.
 */
export const FAVPUSH_DEMO_DOCUMENT = {
  app_name: "favpush",
  solutions: [
    {
      v1: {
        features: {
          user_vec: "getKV user_tbl {uid}|{version:favpush_vec_v2}",
          goods_vec: "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}",
        },
        model: { name: "favpush_lr", version: "favpush_lr_v1" },
        fg: { class: "com.xxx.ranking.fg.LRFg", version: "v2" },
        buckets: [0, 1, 2],
      },
    },
    {
      v2: {
        features: {
          user_vec: "getKV user_tbl {uid}|{version:favpush_vec_v2}",
          goods_vec: "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}",
          cf: "getKKV graph_cf_tbl {uid}|{goods_id}|{version:favpush_cf_v5}",
        },
        fg: { class: "com.xxx.ranking.fg.DNNFg", version: "v2" },
        model: { name: "favpush_dnn", version: "favpush_dnn_v1" },
      },
      buckets: [3, 4, 5, 6, 7, 8, 9],
    },
  ],
};

/** Imports the article's solutions into favpush unless it already has some. */
export async function seedSolutionsDemo(db: Db): Promise<void> {
  const draft = await getSolutionsDraft(db, "favpush");
  if (draft.solutions.length > 0) return;
  await importSolutions(db, { actor: SYSTEM, app: "favpush", input: { version: draft.version, document: FAVPUSH_DEMO_DOCUMENT } });
}
