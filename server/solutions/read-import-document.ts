import { unprocessable } from "@/server/errors";
import { parseSolutionsDocument, type ParsedSolutionsDocument } from "./parse-solutions-document";
import { assertOwnAppSettings } from "./assert-own-app-settings";
import { assertSolutionsPerApp } from "./assert-solutions-per-app";

/** The app a document goes into. */
export interface ImportTarget {
  name: string;
  bucketCount: number;
  hashKey: string;
  salt: string;
}

/**
 * Parses a document to import into `app`: 400 with every issue when malformed, 422 when it is
 * another app's, and 422 when its `app` block (what an export or a published document carries)
 * names other bucket settings than the app has. A document of more solutions than an app may
 * hold is refused (422) before it is read: each entry of `solutions` holds one solution.
 */
export function readImportDocument(app: ImportTarget, document: unknown): ParsedSolutionsDocument {
  const entries = (document as { solutions?: unknown } | null)?.solutions;
  if (Array.isArray(entries)) assertSolutionsPerApp(entries.length, "document.solutions");
  const parsed = parseSolutionsDocument(document);
  assertSolutionsPerApp(parsed.solutions.length, "document.solutions");
  if (parsed.appName !== app.name) {
    throw unprocessable(`This document is for the app "${parsed.appName}", not "${app.name}": import it there, or change its app_name.`, {
      field: "document.app_name",
      appName: parsed.appName,
    });
  }
  assertOwnAppSettings(app, parsed.settings, "document.app");
  return parsed;
}
