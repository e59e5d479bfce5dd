import { favpushArticleDocument } from "../../db/seed/favpush/solutions";

/**
 * Test-only documents. The article's A/B config (seeds/002, from the console's demo world in
 * db/seed), exactly as scoring services already parse it: the second solution's buckets sit one
 * level too high.
 */
export const articleDocument: Record<string, unknown> = favpushArticleDocument();

/** The article's document with the app settings the console adds, at a given model version. */
export function releasedDocument(modelVersion: string): Record<string, unknown> {
  const [v1, v2] = articleDocument.solutions as Array<Record<string, Record<string, unknown>>>;
  return {
    ...articleDocument,
    app: { bucket_count: 10, hash_key: "uid", salt: "favpush" },
    solutions: [{ v1: { ...v1!.v1, model: { name: "favpush_lr", version: modelVersion } } }, v2],
  };
}
