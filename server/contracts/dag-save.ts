import { z } from "zod";
import { DAG_PROBLEM_CODES, DagDocumentSchema, DagProblemSchema } from "./dag";

/**
 * Saving an app's version DAG. `version` is the version the editor loaded (0 when the app has
 * no DAG yet): a stale one is a 409 that carries the current DAG.
 */
export const SaveDagSchema = z.object({
  version: z.number().int().min(0),
  document: DagDocumentSchema,
  /** An allow-listed URL that receives the DAG's alerts; null or absent: none. */
  alertWebhookUrl: z.url({ protocol: /^https?$/, error: "Enter an http(s) URL" }).nullable().optional(),
});
export type SaveDagInput = z.input<typeof SaveDagSchema>;

export const DagRecordSchema = z.object({
  app: z.string(),
  document: DagDocumentSchema,
  alertWebhookUrl: z.string().nullable(),
  /** 0: nothing saved yet (the document is empty). */
  version: z.number().int(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type DagRecord = z.infer<typeof DagRecordSchema>;

/**
 * Problems a save is refused for (422): the graph rules, hooks outside the allow-list, and a
 * masked secret sent back with no stored value to keep (server/dag/documents/keep-dag-secrets.ts).
 */
export const DAG_SAVE_PROBLEM_CODES = [...DAG_PROBLEM_CODES, "hook_not_allowed", "masked_secret"] as const;
export const DagSaveProblemSchema = DagProblemSchema.extend({ code: z.enum(DAG_SAVE_PROBLEM_CODES) });
export type DagSaveProblem = z.infer<typeof DagSaveProblemSchema>;
