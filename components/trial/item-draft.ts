import type { App } from "@/server/contracts/apps";
import { typedValue } from "./origin-draft";

type DeclaredField = App["itemFields"][number];

/** A field the Items box can send per item: a declared item field, or an origin field other than the hash key (left out of origin then). */
export interface ItemFieldChoice {
  name: string;
  type: DeclaredField["type"];
  from: "item" | "origin";
}

/**
 * What the Items box offers, the app's item fields first (the first is the default). The hash
 * key stays in origin: the bucket comes from it. An origin field sent per item lets an app whose
 * templates use, say, `{goods_id}` from origin (the articles' single request) rank goods ids too.
 */
export function itemFieldChoices(app: Pick<App, "itemFields" | "originFields" | "hashKey">): ItemFieldChoice[] {
  return [
    ...app.itemFields.map((f) => ({ ...f, from: "item" as const })),
    ...app.originFields.filter((f) => f.name !== app.hashKey).map((f) => ({ ...f, from: "origin" as const })),
  ];
}

/** Pasted ids, one per line or comma separated; blanks dropped. */
export function splitIds(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The Items box as request items (`[{goods_id: 123}, …]`), or what is wrong with it; null when empty (a single request). */
export function itemsFromText(field: Pick<ItemFieldChoice, "name" | "type">, text: string): { items: Record<string, unknown>[] } | { error: string } | null {
  const ids = splitIds(text);
  if (!ids.length) return null;
  const problems: string[] = [];
  const seen = new Set<string>();
  const items: Record<string, unknown>[] = [];
  for (const [i, raw] of ids.entries()) {
    const typed = typedValue({ name: field.name, type: field.type }, raw);
    if ("error" in typed) problems.push(`${JSON.stringify(raw)} (item ${i + 1}): ${typed.error.toLowerCase()} is needed`);
    else if (seen.has(String(typed.value))) problems.push(`${JSON.stringify(raw)} (item ${i + 1}) is listed twice`);
    else {
      seen.add(String(typed.value));
      items.push({ [field.name]: typed.value });
    }
  }
  if (problems.length) return { error: `${field.name} is ${field.type}: ${problems.slice(0, 3).join("; ")}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ""}` };
  return { items };
}

/** A request's items back as the Items box: the field they all carry and the ids, one per line (null when they are not one field each). */
export function textFromItems(items: Record<string, unknown>[] | undefined): { field: string; text: string } | null {
  if (!items?.length) return null;
  const field = Object.keys(items[0]!)[0];
  if (field === undefined || !items.every((it) => Object.keys(it).length === 1 && Object.hasOwn(it, field))) return null;
  return { field, text: items.map((it) => String(it[field])).join("\n") };
}

/** How an item is named in a ranking: its id, or its fields when it has several. */
export function itemLabel(item: Record<string, unknown> | undefined): string {
  if (!item) return "?";
  const values = Object.values(item);
  return values.length === 1 ? String(values[0]) : JSON.stringify(item);
}
