import { assertValidSplit } from "@/sdk/src/core/solutions/validate-split";
import { parseSolutionsDocument } from "@/server/solutions/parse-solutions-document";
import { APP_SETTINGS_KEY, publishedAppSettings, withAppSettings, type PublishedAppSettings } from "@/sdk/src/core/solutions/published-app-settings";
import { PublishedAppSettingsSchema } from "@/server/contracts/solutions";
import { assertOwnAppSettings } from "@/server/solutions/assert-own-app-settings";
import { AppError, isAppError, unprocessable } from "@/server/errors";
import { applyChange, type ReleaseContent, type StoredChange } from "./release-content";

/** What a release needs to know of its app: its row holds the PENDING bucket settings (the draft's). */
export interface ReleaseApp {
  name: string;
  bucketCount: number;
  hashKey: string;
  salt: string;
}

export interface BuildReleaseContentOptions {
  /**
   * Which `app` block (bucket settings) a new document carries. The app row holds the pending
   * settings; the latest release's block is the live one. Bucket settings reach scoring
   * services only with a reviewed publish of a document, never with a release nobody reviewed:
   * - "pending": a publish someone asks for (and its edit): the app's pending settings; a block
   *   in the given document must name them (422 otherwise).
   * - "live": automatic releases and rollbacks: the latest release's block, whatever the
   *   document says (a rollback restores older solutions and versions, never bucket settings).
   * - "as-given": creating the release of a change settled by one of the above (at once, or at
   *   approval): the block the stored document carries, which is what the reviewer saw.
   * A change without a document (versions only) keeps the latest release's document, block and
   * all, in every mode.
   */
  appBlock: "pending" | "live" | "as-given";
}

/**
 * THE way a change becomes release content (a publish, its diff, its approval): the change
 * applied to the latest release (release-content.ts), a new document checked like an import
 * (400 naming each malformed field, 422 for another app's document or bucket settings), the
 * document's `app` block settled (see `appBlock`), so every release tells scoring services how to
 * bucket, and the resulting split checked against the bucket count that block publishes (422
 * naming the buckets of a gap or overlap), for a versions-only change too.
 */
export function buildReleaseContent(app: ReleaseApp, base: ReleaseContent | null, change: StoredChange, opts: BuildReleaseContentOptions): ReleaseContent {
  const content = applyChange(base, app.name, change);
  const live = base ? appBlockOf(base.document) : null;
  // Versions only: the live document stays as it is, block and all. Only a document without a
  // block (the first release, or one older than the block) gets the app's.
  const block = change.document === undefined ? (live ?? publishedAppSettings(app)) : settledBlock(app, live, change.document, opts);
  if (change.document !== undefined) checkDocument(app, change.document, opts);
  const document = withAppSettings(content.document, block);
  // Whatever changed, the split must cover the bucket count the release publishes. Only an app
  // with no solutions yet (versions before its first document) has no split to check.
  const { solutions } = parseSolutionsDocument(document);
  if (change.document !== undefined || solutions.length > 0) assertValidSplit(block.bucket_count, solutions);
  return { document, versions: content.versions };
}

/** The change as a request stores it: its document with the block it settled on, so approval publishes what was reviewed. */
export function settledChange(change: StoredChange, content: ReleaseContent): StoredChange {
  return change.document === undefined ? change : { ...change, document: content.document };
}

/** A document's `app` block, or null when it has none (or a malformed one). */
export function appBlockOf(document: unknown): PublishedAppSettings | null {
  if (typeof document !== "object" || document === null || Array.isArray(document)) return null;
  const parsed = PublishedAppSettingsSchema.safeParse((document as Record<string, unknown>)[APP_SETTINGS_KEY]);
  return parsed.success ? parsed.data : null;
}

function settledBlock(app: ReleaseApp, live: PublishedAppSettings | null, document: unknown, opts: BuildReleaseContentOptions): PublishedAppSettings {
  if (opts.appBlock === "live") return live ?? publishedAppSettings(app);
  if (opts.appBlock === "as-given") return appBlockOf(document) ?? publishedAppSettings(app);
  return publishedAppSettings(app);
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
  if (opts.appBlock === "pending") assertOwnAppSettings(app, parsed.settings, "change.document.app");
}
