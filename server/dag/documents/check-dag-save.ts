import type { Tx } from "@/db";
import type { DagDocument } from "@/server/contracts/dag";
import { unprocessable } from "@/server/errors";
import { assertDagWithinCaps } from "./assert-dag-within-caps";
import { findSaveProblems } from "./find-save-problems";

/** 422 naming a cap the DAG passes, or listing every problem, when it may not be stored (a save, or an approved change). */
export async function checkDagSave(tx: Tx, document: DagDocument, alertWebhookUrl: string | null, what = "The DAG was not saved"): Promise<void> {
  assertDagWithinCaps(document);
  const problems = await findSaveProblems(tx, document, alertWebhookUrl);
  if (problems.length === 0) return;
  const names = problems.slice(0, 3).map((p) => p.message).join("; ");
  throw unprocessable(`${what}: ${names}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ""}.`, { problems });
}
