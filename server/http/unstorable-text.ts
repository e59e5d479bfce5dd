import { AppError } from "@/server/errors";

export type Where = "body" | "query" | "path";

export interface UnstorableText {
  /** Dotted path of the field, as zod names fields ("origin.uid", "rows.3.key"); a bad key names itself. */
  path: string;
  /** The offending character, e.g. "U+0000" or "U+D800". */
  character: string;
  /** Its line (from 1) in a multi-line value: a feature-table file is one field. */
  line?: number;
  reason: string;
}

// PostgreSQL text and jsonb cannot hold U+0000 (the insert fails, and drizzle's error carries every
// parameter); a lone UTF-16 surrogate is not Unicode at all, and the driver would silently store
// U+FFFD instead (in a salt, that moves users between buckets). JSON.parse makes both out of
// "\u0000" and "\ud800" escapes, so the check runs on the parsed value.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const UNPRINTABLE = new RegExp(`\\u0000|${LONE_SURROGATE.source}`, "g");

type WellFormed = { isWellFormed?: () => boolean };

/** The first character of `s` that the console cannot store, where it is, and why; or null. */
export function unstorableCharacter(s: string): { character: string; index: number; reason: string } | null {
  const nul = s.indexOf("\u0000");
  // Most text has no lone surrogate: Node's native check says so before the pattern runs.
  const wellFormed = (s as WellFormed).isWellFormed?.() ?? !ANY_SURROGATE.test(s);
  const lone = wellFormed ? null : LONE_SURROGATE.exec(s);
  if (nul >= 0 && (!lone || nul < lone.index)) return { character: "U+0000", index: nul, reason: "contains U+0000 (NUL), which cannot be stored" };
  if (!lone) return null;
  const code = lone[0].charCodeAt(0).toString(16).toUpperCase();
  return { character: `U+${code}`, index: lone.index, reason: `contains a lone UTF-16 surrogate (U+${code}), which is not valid Unicode` };
}

/** A container being walked: its keys (null for an array) and the next one to visit. */
type Frame = { value: object; keys: string[] | null; next: number; parent: Frame | null; key: string };

const frame = (value: object, parent: Frame | null, key: string): Frame => ({ value, keys: Array.isArray(value) ? null : Object.keys(value), next: 0, parent, key });

/**
 * The first string (key or value, in document order) in a parsed JSON value, query or path
 * params that contains a character the console cannot store, or null. Walks with an explicit
 * stack: JSON.parse accepts nesting far deeper than the call stack.
 */
export function findUnstorableText(value: unknown): UnstorableText | null {
  if (typeof value === "string") {
    const bad = unstorableCharacter(value);
    return bad && found("", value, bad);
  }
  if (value === null || typeof value !== "object") return null;
  const stack: Frame[] = [frame(value, null, "")];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const length = top.keys ? top.keys.length : (top.value as unknown[]).length;
    if (top.next >= length) {
      stack.pop();
      continue;
    }
    const i = top.next++;
    const key = top.keys?.[i];
    if (key !== undefined) {
      const badKey = unstorableCharacter(key);
      if (badKey) return { path: pathOf(top, key), character: badKey.character, reason: `has a key that ${badKey.reason}` };
    }
    const item: unknown = key !== undefined ? (top.value as Record<string, unknown>)[key] : (top.value as unknown[])[i];
    if (typeof item === "string") {
      const bad = unstorableCharacter(item);
      if (bad) return found(pathOf(top, key ?? String(i)), item, bad);
    } else if (item !== null && typeof item === "object") {
      stack.push(frame(item, top, key ?? String(i)));
    }
  }
  return null;
}

function found(path: string, text: string, bad: { character: string; index: number; reason: string }): UnstorableText {
  const line = text.includes("\n") ? lineAt(text, bad.index) : undefined;
  return { path, character: bad.character, reason: line ? `${bad.reason} (line ${line})` : bad.reason, ...(line ? { line } : {}) };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at >= 0 && at < index; at = text.indexOf("\n", at + 1)) line++;
  return line;
}

function pathOf(frame: Frame, key: string): string {
  const keys = [key];
  for (let f: Frame | null = frame; f?.parent; f = f.parent) keys.push(f.key);
  return keys.reverse().map(printable).join(".");
}

/** A key as it can be shown: the characters that made it unstorable written as \uXXXX. */
function printable(key: string): string {
  return key.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** 400 `invalid_text` naming the first field of `value` that holds text the console cannot store. */
export function checkStorableText(value: unknown, where: Where): void {
  const bad = findUnstorableText(value);
  if (!bad) return;
  const message = bad.path ? `Invalid ${where} field "${bad.path}": it ${bad.reason}.` : `Invalid ${where}: it ${bad.reason}.`;
  throw new AppError("invalid_text", message, {
    where,
    field: bad.path,
    character: bad.character,
    ...(bad.line ? { line: bad.line } : {}),
    issues: [{ path: bad.path, message: `It ${bad.reason}.` }],
  });
}
