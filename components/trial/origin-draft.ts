import type { App } from "@/server/contracts/apps";
import { fieldTypeErrors } from "@/server/contracts/field-values";

type OriginField = App["originFields"][number];
type Fields = Pick<App, "originFields">;

/** One field's text as its declared type, or what is wrong with it. */
export function typedValue(f: OriginField, raw: string): { value: unknown } | { error: string } {
  if (f.type === "int") return /^-?\d+$/.test(raw) ? { value: Number(raw) } : { error: "A whole number" };
  if (f.type === "float") return raw !== "" && Number.isFinite(Number(raw)) ? { value: Number(raw) } : { error: "A number" };
  if (f.type === "bool") return raw === "true" || raw === "false" ? { value: raw === "true" } : { error: "true or false" };
  return { value: raw };
}

/** Turns the per-field text inputs into typed origin values (int, float, bool, string). */
export function originFromFields(app: Fields, values: Record<string, string>): { origin: Record<string, unknown>; errors: Record<string, string> } {
  const origin: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of app.originFields) {
    const raw = (values[f.name] ?? "").trim();
    if (raw === "") continue;
    const typed = typedValue(f, raw);
    if ("error" in typed) errors[f.name] = typed.error;
    else origin[f.name] = typed.value;
  }
  return { origin, errors };
}

/**
 * The field-by-field inputs as an origin object without losing anything: typed where the text
 * fits the declared type, the text itself where it does not (the type check then names it),
 * and the keys the app does not declare (`extras`) kept as they were.
 */
export function originKeepingText(app: Fields, values: Record<string, string>, extras: Record<string, unknown> = {}): Record<string, unknown> {
  const origin: Record<string, unknown> = {};
  for (const f of app.originFields) {
    const raw = (values[f.name] ?? "").trim();
    if (raw === "") continue;
    const typed = typedValue(f, raw);
    origin[f.name] = "error" in typed ? raw : typed.value;
  }
  for (const [k, v] of Object.entries(extras)) if (!(k in origin)) origin[k] = v;
  return origin;
}

/** Field-by-field mode to Raw JSON mode. */
export function originJsonFromFields(app: Fields, values: Record<string, string>, extras: Record<string, unknown> = {}): string {
  return JSON.stringify(originKeepingText(app, values, extras), null, 2);
}

/** A raw origin as JSON text: an object, or why it is not one. */
export function parseOriginJson(text: string): { origin: Record<string, unknown> } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}` };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { error: "The origin must be a JSON object, such as {\"uid\": \"u1\"}" };
  return { origin: parsed as Record<string, unknown> };
}

/** Raw JSON mode to field-by-field mode: declared fields as text, the rest kept aside as `extras`. */
export function fieldsFromOrigin(app: Fields, origin: Record<string, unknown>): { fields: Record<string, string>; extras: Record<string, unknown> } {
  const declared = new Set(app.originFields.map((f) => f.name));
  const fields: Record<string, string> = {};
  const extras: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(origin)) {
    if (!declared.has(k)) extras[k] = v;
    else fields[k] = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  return { fields, extras };
}

/** Checks a raw origin against the app's declared field types; one message per field, naming it. Undeclared keys are let through. */
export function checkOriginTypes(app: Fields, origin: Record<string, unknown>): Record<string, string> {
  return fieldTypeErrors(app.originFields, origin);
}

/** JSON with object keys sorted, so the same request typed in another order is the same request. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

export interface TrialKeyParts {
  app: string;
  /** The origin as sent, or (for a draft) the raw text when it is not JSON yet. */
  origin: Record<string, unknown> | string;
  /** The items as sent, or (for a draft) the Items box's text when it does not parse; absent for a single request. */
  items?: Record<string, unknown>[] | string;
  config: string;
  bucket?: number | string;
  solution?: string;
  compare: { solution?: string; config: string } | null;
}

/** What a trial asks, as one string: a result is stale once the form's key differs from the key it was run with. */
export function trialKey(p: TrialKeyParts): string {
  const bucket = p.bucket === undefined || p.bucket === "" ? undefined : String(p.bucket).trim();
  const solution = p.solution?.trim() || undefined;
  const compare = p.compare ? { config: p.compare.config, solution: p.compare.solution?.trim() || undefined } : null;
  return stableJson({ app: p.app, origin: p.origin, items: p.items, config: p.config, bucket, solution, compare });
}
