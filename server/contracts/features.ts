import { z } from "zod";
import { COMPLETION_KINDS, FEATURE_OPERATORS, TEMPLATE_ERROR_CODES } from "@/sdk/src/core/template/template-types";

/**
 * Client-safe shapes of feature tables and query templates (docs/templates.md). Only zod and
 * core's template constants (sdk/src/core/template) are imported here: the browser uses these too.
 */

export { FEATURE_OPERATORS };

export const FeatureOperatorSchema = z.enum(FEATURE_OPERATORS);
export type FeatureOperator = z.infer<typeof FeatureOperatorSchema>;

/**
 * How a table's values are stored as text: `json` (any JSON value), `float_vector` (comma
 * separated floats, or a JSON array of numbers) or `string` (the text itself).
 */
export const VALUE_ENCODINGS = ["json", "float_vector", "string"] as const;
export const ValueEncodingSchema = z.enum(VALUE_ENCODINGS);
export type ValueEncoding = z.infer<typeof ValueEncodingSchema>;

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
