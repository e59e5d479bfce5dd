import type { FeatureOperator } from "./template-types";
import { CoreError } from "../core-error";
import { parseTemplate } from "./parse-template";
import type { TemplateAst } from "./template-ast";

export interface RenderedQuery {
  operator: FeatureOperator;
  table: string;
  key: string;
}

/** The online version of a DAG version key, or undefined when it has none. */
export type VersionResolver = (key: string) => string | undefined;

/**
 * Renders a parsed template for one request. Every field value and version is checked first
 * and all problems are reported at once: a key containing "undefined" or "null" would quietly
 * miss (or worse, hit) another row, so a gap is a bad_request naming what is missing.
 */
export function renderTemplate(ast: TemplateAst, origin: Record<string, unknown>, resolveVersion: VersionResolver): RenderedQuery {
  const problems: { kind: "field" | "version"; name: string; reason: string }[] = [];
  let key = "";
  for (const part of ast.key.parts) {
    if (part.kind === "literal") {
      key += part.text;
    } else if (part.kind === "field") {
      const rendered = renderValue(origin[part.name]);
      if (rendered.ok) key += rendered.text;
      else problems.push({ kind: "field", name: part.name, reason: rendered.reason });
    } else {
      const version = resolveVersion(part.key);
      if (version === undefined || version === "") problems.push({ kind: "version", name: part.key, reason: "has no online version" });
      else key += version;
    }
  }
  if (problems.length > 0) {
    const text = problems.map((p) => `${p.kind === "field" ? "origin field" : "version key"} "${p.name}" ${p.reason}`).join("; ");
    throw new CoreError("bad_request", `Cannot render ${ast.operator.name} ${ast.table.name}: ${text}`, { problems });
  }
  return { operator: ast.operator.name, table: ast.table.name, key };
}

/** Parses then renders; a template that does not parse is unprocessable (it should have been rejected when saved). */
export function renderTemplateText(text: string, origin: Record<string, unknown>, resolveVersion: VersionResolver): RenderedQuery {
  const parsed = parsedTemplate(text);
  if (!parsed.ok) throw new CoreError("unprocessable", `Query template "${text}" does not parse`, { errors: parsed.errors });
  return renderTemplate(parsed.ast, origin, resolveVersion);
}

function renderValue(value: unknown): { ok: true; text: string } | { ok: false; reason: string } {
  switch (typeof value) {
    case "undefined":
      return { ok: false, reason: "is missing" };
    case "string":
      return value === "" ? { ok: false, reason: "is empty" } : { ok: true, text: value };
    case "number":
      return Number.isFinite(value) ? { ok: true, text: String(value) } : { ok: false, reason: `is ${value}` };
    case "bigint":
    case "boolean":
      return { ok: true, text: String(value) };
    default:
      if (value === null) return { ok: false, reason: "has no value" };
      return { ok: false, reason: "is not a string, number or boolean" };
  }
}

/** Parses of the templates seen lately: a service renders the same few templates on every request. */
const parses = new Map<string, ReturnType<typeof parseTemplate>>();
const MAX_KEPT_PARSES = 1000;

function parsedTemplate(text: string): ReturnType<typeof parseTemplate> {
  let parsed = parses.get(text);
  if (!parsed) {
    parsed = parseTemplate(text);
    // Bounded: templates come from configs, but a console renders whatever a person types.
    if (parses.size >= MAX_KEPT_PARSES) parses.clear();
    parses.set(text, parsed);
  }
  return parsed;
}
