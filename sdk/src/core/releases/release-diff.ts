/**
 * The diff of two release contents, key by key: pure and client-safe, so the server stores it
 * and the browser renders the same thing side by side.
 *
 * Keys are paths into `{ document, versions }`:
 *   document.app_name, document.solutions[v2].model.version, versions.favpush_vec_v2
 * A list whose items are all single-key objects with distinct keys (the solutions list) is
 * indexed by that key (`solutions[v2]`), so inserting a solution does not shift the others.
 * Lists of plain values (buckets) are one value: `[3,4,5]` -> `[4,5]` reads better than
 * element-by-element noise.
 */
export type JsonLeaf = string | number | boolean | null | readonly unknown[] | Record<string, never>;

export interface ContentChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

export interface ContentDiff {
  changes: ContentChange[];
}

export interface ContentLike {
  document: unknown;
  versions: Record<string, string>;
}

/** Every leaf of the content as path -> value, in document order then version-key order. */
export function flattenContent(content: ContentLike | null): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!content) return out;
  walk(content.document, "document", out);
  for (const key of Object.keys(content.versions).sort()) out.set(`versions.${key}`, content.versions[key]);
  return out;
}

export function diffContent(before: ContentLike | null, after: ContentLike): ContentDiff {
  const old = flattenContent(before);
  const next = flattenContent(after);
  const changes: ContentChange[] = [];
  for (const [path, value] of next) {
    if (!old.has(path)) changes.push({ path, kind: "added", after: value });
    else if (!sameJson(old.get(path), value)) changes.push({ path, kind: "changed", before: old.get(path), after: value });
  }
  for (const [path, value] of old) if (!next.has(path)) changes.push({ path, kind: "removed", before: value });
  return { changes };
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A leaf as one line of text. */
export function formatLeaf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function isContentDiff(value: unknown): value is ContentDiff {
  const changes = (value as { changes?: unknown } | null)?.changes;
  return Array.isArray(changes) && changes.every((c) => typeof (c as ContentChange)?.path === "string" && typeof (c as ContentChange)?.kind === "string");
}

function walk(value: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.every((item) => item === null || typeof item !== "object")) return void out.set(path, value);
    const names = namedItems(value);
    value.forEach((item, i) => {
      const name = names?.[i];
      if (name === undefined) walk(item, `${path}[${i}]`, out);
      else walk((item as Record<string, unknown>)[name], `${path}[${name}]`, out);
    });
    return;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return void out.set(path, {});
    for (const [key, item] of entries) walk(item, `${path}.${/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key)}`, out);
    return;
  }
  out.set(path, value);
}

/** The single key of each item when every item is a one-key object and the keys are distinct. */
function namedItems(items: unknown[]): string[] | null {
  const names: string[] = [];
  for (const item of items) {
    if (item === null || typeof item !== "object" || Array.isArray(item)) return null;
    const keys = Object.keys(item);
    if (keys.length !== 1) return null;
    names.push(keys[0]!);
  }
  return new Set(names).size === names.length ? names : null;
}
