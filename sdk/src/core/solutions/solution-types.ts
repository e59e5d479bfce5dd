import type { PublishedAppSettings } from "./published-app-settings";

/**
 * A solution as core and the SDK read it. server/contracts/solutions.ts checks the same shape
 * with zod (SolutionSchema); its inferred type is structurally this one, so either passes.
 */
export interface Solution {
  name: string;
  /** Feature name -> query template (`getKV user_tbl {uid}|{version:favpush_vec_v2}`). */
  features: Record<string, string>;
  model: { name: string; version: string };
  fg: { class: string; version: string };
  buckets: number[];
}

/** The published document as the exporter writes it (server/contracts/solutions.ts: SolutionsDocumentSchema). */
export interface SolutionsDocument {
  app_name: string;
  solutions: Record<string, Omit<Solution, "name">>[];
  app?: PublishedAppSettings;
}
