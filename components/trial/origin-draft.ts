import type { App } from "@/server/contracts/apps";

/** Turns the per-field text inputs into typed origin values (int, float, bool, string). */
export function originFromFields(app: App, values: Record<string, string>): { origin: Record<string, unknown>; errors: Record<string, string> } {
  const origin: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of app.originFields) {
    const raw = (values[f.name] ?? "").trim();
    if (raw === "") continue;
    if (f.type === "int") {
      if (!/^-?\d+$/.test(raw)) errors[f.name] = "A whole number";
      else origin[f.name] = Number(raw);
    } else if (f.type === "float") {
      if (!Number.isFinite(Number(raw))) errors[f.name] = "A number";
      else origin[f.name] = Number(raw);
    } else if (f.type === "bool") {
      if (raw !== "true" && raw !== "false") errors[f.name] = "true or false";
      else origin[f.name] = raw === "true";
    } else origin[f.name] = raw;
  }
  return { origin, errors };
}
