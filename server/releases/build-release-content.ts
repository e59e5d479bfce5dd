import { assertValidSplit } from "@/sdk/src/core/solutions/validate-split";
import { parseSolutionsDocument } from "@/server/solutions/parse-solutions-document";
import { publishedAppSettings, withAppSettings } from "@/sdk/src/core/solutions/published-app-settings";
import { assertOwnAppSettings } from "@/server/solutions/assert-own-app-settings";
import { AppError, isAppError, unprocessable } from "@/server/errors";
import { applyChange, type ReleaseContent, type StoredChange } from "./release-content";

/** What a release needs to know of its app. */
export interface ReleaseApp {
  name: string;
  bucketCount: number;
  hashKey: string;
  salt: string;
}

export interface BuildReleaseContentOptions {
  /**
   * "check": an `app` block in the changed document must name the app's own settings (a
   * person's or a machine's publish, an edit). "replace": it is overwritten without a word (a
   * rollback restores an older release's solutions and versions, never its bucket settings;
   * the approval of a request that was checked when it was asked).
   */
  appBlock: "check" | "replace";
}

/**
 * THE way a change becomes release content (a publish, its diff, its approval): the change
 * applied to the latest release (release-content.ts), a new document checked like an import
 * (400 naming each malformed field, 422 for another app's document or bucket settings, 422
 * naming the buckets of a gap or overlap against the app's bucket count, checked on the resulting
 * content, so a versions-only change is refused too when the split no longer fits), and the app's current
 * bucket settings written into the document's `app` block, so every release tells scoring
 * services how to bucket, and a changed salt or bucket count reaches them with the next one.
 */
export function buildReleaseContent(app: ReleaseApp, base: ReleaseContent | null, change: StoredChange, opts: BuildReleaseContentOptions): ReleaseContent {
  if (change.document !== undefined) checkDocument(app, change.document, opts);
  const content = applyChange(base, app.name, change);
  // Whatever changed: a versions-only release after a bucket-count change must not publish gaps.
  // Only an app with no solutions yet (versions before its first document) has no split to check.
  const { solutions } = parseSolutionsDocument(content.document);
  if (change.document !== undefined || solutions.length > 0) assertValidSplit(app.bucketCount, solutions);
  return { document: withAppSettings(content.document, publishedAppSettings(app)), versions: content.versions };
}

function checkDocument(app: ReleaseApp, document: unknown, opts: BuildReleaseContentOptions): void {
  let parsed;
  try {
    parsed = parseSolutionsDocument(document);
  } catch (error) {
    // The parser names paths inside the document; the API's field is the change's document.
    if (isAppError(error) && error.code === "bad_request") {
      throw new AppError("bad_request", error.message, { field: "change.document", ...(error.details as object) });
    }
    throw error;
  }
  if (parsed.appName !== app.name) {
    throw unprocessable(`The document is for app "${parsed.appName}", not "${app.name}".`, { field: "change.document.app_name" });
  }
  if (opts.appBlock === "check") assertOwnAppSettings(app, parsed.settings, "change.document.app");
}
