import type { PublishedAppSettings } from "@/server/contracts/solutions";
import { unprocessable } from "@/server/errors";
import { publishedAppSettings } from "@/sdk/src/core/solutions/published-app-settings";

/**
 * A document's `app` block must name the app's own (pending) settings (422 otherwise, `field`
 * naming the first that differs, e.g. `change.document.app.salt`). The block is the app's
 * settings as published, never a way to change them (that is the app's page, and then a
 * reviewed publish): a block that differs comes from a document exported or published before
 * the settings changed, and its split was made for those.
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
