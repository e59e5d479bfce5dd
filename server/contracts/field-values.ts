/**
 * Values checked against declared field types (origin fields, item fields: server/contracts/apps.ts),
 * the same way in the trial form and on the server. Client-safe.
 */

type DeclaredField = { name: string; type: "string" | "int" | "float" | "bool" };

/** How a value is named in a message: "the string \"12\"", "the number 1.5", "a list". */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "number") return Number.isInteger(v) ? `the whole number ${v}` : `the number ${v}`;
  if (typeof v === "boolean") return `${v}`;
  return `a ${typeof v}`;
}

export function fitsFieldType(type: DeclaredField["type"], v: unknown): boolean {
  if (type === "int") return typeof v === "number" && Number.isInteger(v);
  if (type === "float") return typeof v === "number" && Number.isFinite(v);
  if (type === "bool") return typeof v === "boolean";
  return typeof v === "string";
}

/** One message per declared field whose value is not of its type, naming it. Undeclared keys are let through. */
export function fieldTypeErrors(fields: readonly DeclaredField[], values: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields) {
    if (!Object.hasOwn(values, f.name)) continue;
    const v = values[f.name];
    if (!fitsFieldType(f.type, v)) errors[f.name] = `"${f.name}" is declared ${f.type}, but is ${describeValue(v)}`;
  }
  return errors;
}
