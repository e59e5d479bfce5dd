/**
 * Test-only documents. The article's A/B config (seeds/002), exactly as scoring services
 * already parse it: the second solution's buckets sit one level too high.
 */
export const articleDocument: Record<string, unknown> = {
  "app_name": "favpush",
  "solutions": [
    {
      "v1": {
        "features": {
          "user_vec": "getKV user_tbl {uid}|{version:favpush_vec_v2}",
          "goods_vec": "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}"
        },
        "model": { "name": "favpush_lr", "version": "favpush_lr_v1" },
        "fg": { "class": "com.xxx.ranking.fg.LRFg", "version": "v2" },
        "buckets": [0, 1, 2]
      }
    },
    {
      "v2": {
        "features": {
          "user_vec": "getKV user_tbl {uid}|{version:favpush_vec_v2}",
          "goods_vec": "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}",
          "cf": "getKKV graph_cf_tbl {uid}|{goods_id}|{version:favpush_cf_v5}"
        },
        "fg": { "class": "com.xxx.ranking.fg.DNNFg", "version": "v2" },
        "model": { "name": "favpush_dnn", "version": "favpush_dnn_v1" }
      },
      "buckets": [3, 4, 5, 6, 7, 8, 9]
    }
  ]
};

/** The article's document with the app settings the console adds, at a given model version. */
export function releasedDocument(modelVersion: string): Record<string, unknown> {
  const [v1, v2] = articleDocument.solutions as Array<Record<string, Record<string, unknown>>>;
  return {
    ...articleDocument,
    app: { bucket_count: 10, hash_key: "uid", salt: "favpush" },
    solutions: [{ v1: { ...v1!.v1, model: { name: "favpush_lr", version: modelVersion } } }, v2],
  };
}
