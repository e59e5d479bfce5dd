import { flattenContent, sameJson, type ContentDiff, type ContentLike } from "./release-diff";

export interface DiffRow {
  path: string;
  kind: "same" | "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

/**
 * Every key of both contents in reading order (a removed key stays where it was), each
 * marked same/added/removed/changed: the rows of the side-by-side view.
 */
export function diffRows(before: ContentLike | null, after: ContentLike): DiffRow[] {
  const old = flattenContent(before);
  const next = flattenContent(after);
  const rows: DiffRow[] = [];
  const position = new Map<string, number>();
  for (const [path, value] of next) {
    position.set(path, rows.length);
    if (!old.has(path)) rows.push({ path, kind: "added", after: value });
    else rows.push({ path, kind: sameJson(old.get(path), value) ? "same" : "changed", before: old.get(path), after: value });
  }
  let anchor = -1;
  const removed: { at: number; row: DiffRow }[] = [];
  for (const [path, value] of old) {
    const at = position.get(path);
    if (at !== undefined) anchor = at;
    else removed.push({ at: anchor, row: { path, kind: "removed", before: value } });
  }
  // Insert from the back so earlier positions stay valid.
  for (const { at, row } of removed.reverse()) rows.splice(at + 1, 0, row);
  return rows;
}

/** The rows of a stored diff (changes only: a change request keeps its diff, not both contents). */
export function rowsOfDiff(diff: ContentDiff): DiffRow[] {
  return diff.changes.map((change) => ({ path: change.path, kind: change.kind, before: change.before, after: change.after }));
}

/** `document.solutions[v2].model` reads as `solutions[v2].model`; versions keep their prefix. */
export function displayPath(path: string): string {
  return path.startsWith("document.") ? path.slice("document.".length) : path === "document" ? "(document)" : path;
}
