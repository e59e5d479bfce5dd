import type { Solution } from "@/server/contracts/solutions";
import { isAppError } from "@/server/errors";
import { parseSolutionsDocument } from "./parse-solutions-document";

/** The solutions of a published or backed-up document; null when it cannot be read as one. */
export function readDocumentSolutions(document: unknown): Solution[] | null {
  try {
    return parseSolutionsDocument(document).solutions;
  } catch (error) {
    if (isAppError(error)) return null;
    throw error;
  }
}
