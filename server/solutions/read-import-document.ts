import { unprocessable } from "@/server/errors";
import { parseSolutionsDocument, type ParsedSolutionsDocument } from "./parse-solutions-document";

/** Parses a document to import into `app`: 400 with every issue when malformed, 422 when it is another app's. */
export function readImportDocument(app: string, document: unknown): ParsedSolutionsDocument {
  const parsed = parseSolutionsDocument(document);
  if (parsed.appName !== app) {
    throw unprocessable(`This document is for the app "${parsed.appName}", not "${app}": import it there, or change its app_name.`, {
      field: "document.app_name",
      appName: parsed.appName,
    });
  }
  return parsed;
}
