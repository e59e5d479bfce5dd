/**
 * The shapes of query templates that core reads and writes. server/contracts/features.ts builds
 * its zod schemas from these constants, so the inferred types there are structurally these.
 */

export const FEATURE_OPERATORS = ["getKV", "getKKV"] as const;
export type FeatureOperator = (typeof FEATURE_OPERATORS)[number];

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
export type TemplateErrorCode = (typeof TEMPLATE_ERROR_CODES)[number];

/**
 * One problem of a template. Columns are 1-based, `end` exclusive (an editor marks
 * `start <= column < end`); something missing is marked at the column where it is expected.
 */
export interface TemplateError {
  code: TemplateErrorCode;
  message: string;
  start: number;
  end: number;
  /** A close registered name, for a "did you mean" quick fix. */
  suggestion?: string;
}

/** What a template is checked against: the registered tables, the app's origin fields, the DAG's version keys. */
export interface TemplateContext {
  tables: { name: string; operators: FeatureOperator[] }[];
  originFields: string[];
  versionKeys: string[];
}

/** A context for an app; `versionKeysKnown` false: nothing to check version keys against yet. */
export interface TemplateRegistryContext extends TemplateContext {
  app: string;
  versionKeysKnown: boolean;
}

export const COMPLETION_KINDS = ["operator", "table", "field", "placeholder_kind", "version_key"] as const;

/** Replace columns `from` (inclusive) to `to` (exclusive) with an item's `insert` text. */
export interface Completion {
  from: number;
  to: number;
  items: { label: string; kind: (typeof COMPLETION_KINDS)[number]; insert: string; detail?: string }[];
}
