import { FEATURE_OPERATORS, type Completion, type TemplateContext } from "./template-types";
import { isFeatureOperator } from "./template-ast";

type Item = Completion["items"][number];

const VERSION_PREFIX = "version:";

/**
 * Suggestions for the template editor at `cursor` (a 1-based column: the cursor stands before
 * that column, `text.length + 1` is the end). What is offered depends on the part being typed:
 * operators, then tables (those serving the operator), then inside `{` origin fields or
 * `version:`, and after `{version:` the version keys. `from`..`to` is the partial word the
 * chosen item replaces.
 */
export function completeTemplate(text: string, cursor: number, ctx: TemplateContext): Completion {
  const at = Math.min(Math.max(cursor, 1), text.length + 1) - 1;
  const before = text.slice(0, at).trimStart();
  const words = before.split(/\s+/);
  const partIndex = words.length - 1;
  const typed = words[partIndex] ?? "";
  const none = { from: at + 1, to: at + 1, items: [] };

  if (partIndex === 0) {
    const items = FEATURE_OPERATORS.filter((op) => startsWith(op, typed)).map((op): Item => ({
      label: op,
      kind: "operator",
      insert: op,
      detail: op === "getKV" ? "one value under the key" : "a map (field -> value) under the key",
    }));
    return { from: at + 1 - typed.length, to: at + 1, items };
  }

  if (partIndex === 1) {
    const operator = words[0] ?? "";
    const tables = ctx.tables.filter((t) => !isFeatureOperator(operator) || t.operators.includes(operator));
    const items = tables
      .filter((t) => startsWith(t.name, typed))
      .map((t): Item => ({ label: t.name, kind: "table", insert: t.name, detail: t.operators.join(", ") }));
    return { from: at + 1 - typed.length, to: at + 1, items };
  }

  if (partIndex !== 2) return none;
  const open = typed.lastIndexOf("{");
  if (open < 0 || typed.indexOf("}", open) >= 0) return none;
  const inside = typed.slice(open + 1);
  // Close the placeholder unless the user already has a "}" right after the cursor.
  const close = text[at] === "}" ? "" : "}";

  if (inside.startsWith(VERSION_PREFIX)) {
    const partial = inside.slice(VERSION_PREFIX.length);
    const items = ctx.versionKeys
      .filter((k) => startsWith(k, partial))
      .map((k): Item => ({ label: k, kind: "version_key", insert: k + close, detail: "current online version" }));
    return { from: at + 1 - partial.length, to: at + 1, items };
  }

  const items: Item[] = ctx.originFields
    .filter((f) => startsWith(f, inside))
    .map((f): Item => ({ label: f, kind: "field", insert: f + close, detail: "from the request's origin" }));
  if (startsWith(VERSION_PREFIX, inside)) {
    items.push({ label: VERSION_PREFIX, kind: "placeholder_kind", insert: VERSION_PREFIX, detail: "a version key of the DAG" });
  }
  return { from: at + 1 - inside.length, to: at + 1, items };
}

function startsWith(candidate: string, typed: string): boolean {
  return candidate.toLowerCase().startsWith(typed.toLowerCase());
}
