import type { PublishedAppSettings } from "@/server/contracts/solutions";
import { unprocessable } from "@/server/errors";

/**
 * The `app` block of a published solutions document: the app's bucket settings, so a scoring
 * service (the SDK, or Java / Go reading the center) buckets exactly like the console:
 *
 *   { "app_name": ..., "solutions": [...], "app": { "bucket_count": 10, "hash_key": "uid", "salt": "favpush" } }
 *
 * The console writes it into every release from the app's settings at that moment
 * (server/releases/build-release-content.ts), so a changed salt, hash key or bucket count
 * reaches readers with the next release. It is an extra top-level key, last, so the article's
 * two keys keep their place for readers that already parse them.
 */
export { PublishedAppSettingsSchema, type PublishedAppSettings } from "@/server/contracts/solutions";

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

/**
 * A document's `app` block must name the app's own settings (422 otherwise, `field` naming the
 * first that differs, e.g. `change.document.app.salt`). The block is the app's settings as
 * published, never a way to change them (that is the app's page): a block that differs comes
 * from a document exported or published before the settings changed, and its split was made
 * for those.
 */
export function assertOwnAppSettings(
  app: { name: string; bucketCount: number; hashKey: string; salt: string },
  given: PublishedAppSettings | undefined,
  field: string,
): void {
  if (!given) return;
  const current = publishedAppSettings(app);
  const differing = (["bucket_count", "hash_key", "salt"] as const).filter((key) => given[key] !== current[key]);
  if (differing.length === 0) return;
  const described = differing.map((key) => `app.${key} is ${JSON.stringify(given[key])} but ${app.name}'s is ${JSON.stringify(current[key])}`);
  throw unprocessable(
    `The document's bucket settings are not ${app.name}'s: ${described.join("; ")}. Change the app's settings on its page first, or leave the "app" block out (the console writes the app's own).`,
    { field: `${field}.${differing[0]}`, document: given, app: current },
  );
}
