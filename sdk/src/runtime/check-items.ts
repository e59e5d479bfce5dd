import { ScoringError } from "./scoring-error";

/** How many items a runtime scores per request unless told otherwise (the console passes its setting). */
export const DEFAULT_MAX_ITEMS = 200;

/**
 * A batch's items before anything is loaded: at least one, at most `maxItems` (422 naming the
 * cap), each an object (400 naming its index), none repeating an origin field (400 naming it: an
 * item field would silently replace the user's value in the featureMap's origin).
 */
export function checkItems(origin: Record<string, unknown>, items: unknown, maxItems: number): Record<string, unknown>[] {
  if (!Array.isArray(items)) throw new ScoringError("bad_request", "items must be an array of objects", { field: "items" });
  if (items.length === 0) throw new ScoringError("bad_request", "items is empty: send at least one item, or no items for a single request", { field: "items" });
  if (items.length > maxItems) {
    throw new ScoringError("unprocessable", `${items.length} items is more than the ${maxItems} a request may carry`, { field: "items", count: items.length, cap: maxItems });
  }
  items.forEach((item, index) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new ScoringError("bad_request", `items[${index}] must be an object of item fields`, { field: "items", index });
    }
    const clash = Object.keys(item).find((k) => Object.hasOwn(origin, k));
    if (clash !== undefined) {
      throw new ScoringError("bad_request", `items[${index}] has "${clash}", which is an origin field: a field is either the user's or the item's`, {
        field: clash,
        index,
      });
    }
  });
  return items as Record<string, unknown>[];
}
