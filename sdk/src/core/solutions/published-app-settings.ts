
/**
 * The `app` block of a published solutions document: the app's bucket settings, so a scoring
 * service (the SDK, or Java / Go reading the center) buckets exactly like the console:
 *
 *   { "app_name": ..., "solutions": [...], "app": { "bucket_count": 10, "hash_key": "uid", "salt": "favpush" } }
 *
 * The console writes it into every release (server/releases/build-release-content.ts): the
 * app's pending settings with a publish of a document someone asked for (reviewed), the live
 * block (the latest release's) with every other release, so a changed salt, hash key or bucket
 * count reaches readers only through review. It is an extra top-level key, last, so the article's
 * two keys keep their place for readers that already parse them.
 */
/** The block as core writes it; server/contracts/solutions.ts checks it (PublishedAppSettingsSchema). */
export interface PublishedAppSettings {
  bucket_count: number;
  hash_key: string;
  salt: string;
}

/** The key of the block in the document. */
export const APP_SETTINGS_KEY = "app";

/** The block for an app's settings, keys in the documented order. */
export function publishedAppSettings(app: { bucketCount: number; hashKey: string; salt: string }): PublishedAppSettings {
  return { bucket_count: app.bucketCount, hash_key: app.hashKey, salt: app.salt };
}

/**
 * The document with its `app` block replaced by `settings` (and moved last); every other key
 * keeps its place. A value that is not a JSON object (only a release published before documents
 * were checked could hold one) is returned as it is.
 */
export function withAppSettings(document: unknown, settings: PublishedAppSettings): unknown {
  if (typeof document !== "object" || document === null || Array.isArray(document)) return document;
  const rest = Object.fromEntries(Object.entries(document).filter(([key]) => key !== APP_SETTINGS_KEY));
  return { ...rest, [APP_SETTINGS_KEY]: { bucket_count: settings.bucket_count, hash_key: settings.hash_key, salt: settings.salt } };
}
