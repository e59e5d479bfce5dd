import { z } from "zod";

/**
 * Client-safe shapes of feature tables and query templates (docs/templates.md). Only zod is
 * imported here: the template editor in the browser uses these types too.
 */

export const FEATURE_OPERATORS = ["getKV", "getKKV"] as const;
export const FeatureOperatorSchema = z.enum(FEATURE_OPERATORS);
export type FeatureOperator = z.infer<typeof FeatureOperatorSchema>;

/**
 * How a table's values are stored as text: `json` (any JSON value), `float_vector` (comma
 * separated floats, or a JSON array of numbers) or `string` (the text itself).
 */
export const VALUE_ENCODINGS = ["json", "float_vector", "string"] as const;
export const ValueEncodingSchema = z.enum(VALUE_ENCODINGS);
export type ValueEncoding = z.infer<typeof ValueEncodingSchema>;

/** What parse-template finds: the text is not a template. */
export const TEMPLATE_SYNTAX_ERROR_CODES = [
  "empty_template",
  "unknown_operator",
  "missing_table",
  "bad_table_name",
  "empty_key",
  "unbalanced_brace",
  "empty_placeholder",
  "bad_placeholder_name",
  "unknown_placeholder_kind",
  "empty_version_key",
  "trailing_text",
] as const;
/** What validate-template finds against the registry and the app. */
export const TEMPLATE_MEANING_ERROR_CODES = ["unknown_table", "operator_not_served", "unknown_field", "unknown_version_key"] as const;
export const TEMPLATE_ERROR_CODES = [...TEMPLATE_SYNTAX_ERROR_CODES, ...TEMPLATE_MEANING_ERROR_CODES] as const;
export const TemplateErrorCodeSchema = z.enum(TEMPLATE_ERROR_CODES);
export type TemplateErrorCode = z.infer<typeof TemplateErrorCodeSchema>;

/**
 * One problem of a template. Columns are 1-based, `end` exclusive (an editor marks
 * `start <= column < end`); something missing is marked at the column where it is expected.
 */
export const TemplateErrorSchema = z.object({
  code: TemplateErrorCodeSchema,
  message: z.string(),
  start: z.number().int().min(1),
  end: z.number().int().min(1),
  /** A close registered name, for a "did you mean" quick fix. */
  suggestion: z.string().optional(),
});
export type TemplateError = z.infer<typeof TemplateErrorSchema>;

/** What a template is checked against: the registered tables, the app's origin fields, the DAG's version keys. */
export const TemplateContextSchema = z.object({
  tables: z.array(z.object({ name: z.string(), operators: z.array(FeatureOperatorSchema) })),
  originFields: z.array(z.string()),
  versionKeys: z.array(z.string()),
});
export type TemplateContext = z.infer<typeof TemplateContextSchema>;

export const CheckTemplateResponseSchema = z.object({
  ok: z.boolean(),
  errors: z.array(TemplateErrorSchema),
});
export type CheckTemplateResponse = z.infer<typeof CheckTemplateResponseSchema>;

export const COMPLETION_KINDS = ["operator", "table", "field", "placeholder_kind", "version_key"] as const;

/** Replace columns `from` (inclusive) to `to` (exclusive) with an item's `insert` text. */
export const CompletionSchema = z.object({
  from: z.number().int().min(1),
  to: z.number().int().min(1),
  items: z.array(
    z.object({
      label: z.string(),
      kind: z.enum(COMPLETION_KINDS),
      insert: z.string(),
      detail: z.string().optional(),
    }),
  ),
});
export type Completion = z.infer<typeof CompletionSchema>;

export const ROW_FORMATS = ["csv", "jsonl"] as const;
export const RowFormatSchema = z.enum(ROW_FORMATS);
export type RowFormat = z.infer<typeof RowFormatSchema>;

/** A bad line of a sample-rows file; `line` is 1-based (a CSV record spanning lines: its first line). */
export const RowErrorSchema = z.object({ line: z.number().int().min(1), message: z.string() });
export type RowError = z.infer<typeof RowErrorSchema>;
