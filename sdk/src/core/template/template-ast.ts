import { FEATURE_OPERATORS, type FeatureOperator, type TemplateError } from "./template-types";

/** Columns of a piece of template text: 1-based, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * A piece of the KEY. A placeholder's span covers its braces; `name` spans only the field name
 * or version key inside, which is what a "not declared" error should underline.
 */
export type KeyPart =
  | ({ kind: "literal"; text: string } & Span)
  | ({ kind: "field"; name: string; nameSpan: Span } & Span)
  | ({ kind: "version"; key: string; nameSpan: Span } & Span);

export interface TemplateAst {
  operator: { name: FeatureOperator } & Span;
  table: { name: string } & Span;
  key: { parts: KeyPart[] } & Span;
}

export type ParseResult = { ok: true; ast: TemplateAst } | { ok: false; errors: TemplateError[] };

/** Origin field names as apps declare them (server/contracts/apps.ts). */
export const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Version keys, e.g. favpush_cf_v5: a superset of what the DAG accepts (server/contracts/dag.ts),
 * so the parser never rejects a real key; an unknown one is the validator's business.
 */
export const VERSION_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
export const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function isFeatureOperator(word: string): word is FeatureOperator {
  return (FEATURE_OPERATORS as readonly string[]).includes(word);
}
