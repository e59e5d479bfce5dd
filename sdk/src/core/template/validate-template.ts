import type { TemplateContext, TemplateError } from "./template-types";
import { closestName } from "./closest-name";
import { parseTemplate } from "./parse-template";
import type { Span, TemplateAst } from "./template-ast";

/**
 * Checks a parsed template against what is registered: the table exists and serves the
 * operator, every {field} is declared by the app, every {version:KEY} is a key of its DAG.
 * Returns every problem with the columns to underline; an empty list means valid.
 */
export function validateTemplate(ast: TemplateAst, ctx: TemplateContext): TemplateError[] {
  const errors: TemplateError[] = [];
  const report = (code: TemplateError["code"], message: string, span: Span, suggestion?: string) => {
    errors.push({ code, message, start: span.start, end: span.end, ...(suggestion === undefined ? {} : { suggestion }) });
  };
  const didYouMean = (s: string | undefined) => (s === undefined ? "" : ` Did you mean ${s}?`);

  const table = ctx.tables.find((t) => t.name === ast.table.name);
  if (!table) {
    const s = closestName(ast.table.name, ctx.tables.map((t) => t.name));
    report("unknown_table", `No feature table "${ast.table.name}" is registered.${didYouMean(s)}`, ast.table, s);
  } else if (!table.operators.includes(ast.operator.name)) {
    const served = table.operators.length > 0 ? table.operators.join(" and ") : "no operator";
    report("operator_not_served", `Table "${table.name}" serves ${served}, not ${ast.operator.name}`, ast.operator, table.operators[0]);
  }

  for (const part of ast.key.parts) {
    if (part.kind === "field" && !ctx.originFields.includes(part.name)) {
      const s = closestName(part.name, ctx.originFields);
      report("unknown_field", `The app declares no origin field "${part.name}".${didYouMean(s)}`, part.nameSpan, s);
    }
    if (part.kind === "version" && !ctx.versionKeys.includes(part.key)) {
      const s = closestName(part.key, ctx.versionKeys);
      report("unknown_version_key", `No version key "${part.key}" in the app's version DAG.${didYouMean(s)}`, part.nameSpan, s);
    }
  }
  return errors;
}

/** Parse and validate in one go: what an API or a save button calls. */
export function checkTemplate(text: string, ctx: TemplateContext): { ok: boolean; errors: TemplateError[]; ast?: TemplateAst } {
  const parsed = parseTemplate(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const errors = validateTemplate(parsed.ast, ctx);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, errors, ast: parsed.ast };
}
