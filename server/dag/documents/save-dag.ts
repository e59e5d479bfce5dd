import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { getApp } from "@/server/apps/get-app";
import { isPendingDagSave, type DagSaveResult } from "@/server/contracts/dag-change";
import { SaveDagSchema, type SaveDagInput } from "@/server/contracts/dag-save";
import { conflict } from "@/server/errors";
import { requestDagChange } from "../approvals/request-dag-change";
import { notifyDagChange } from "../engine/wake";
import { findReviewWeakening } from "../graph/review-weakening";
import { lockAppDag } from "../state/lock-app-dag";
import { checkDagSave } from "./check-dag-save";
import { keepDagSecrets } from "./keep-dag-secrets";
import { toDagRecord } from "./dag-record";
import { writeDagDocument } from "./write-dag-document";

/**
 * Saves the app's DAG: refused with 422 listing every problem (and the offending node ids)
 * when the graph breaks a rule, with 409 (carrying the current DAG) when `version` is not the
 * one saved last. Takes the app's DAG lock, so a save never interleaves with an engine step.
 *
 * A save that weakens review (graph/review-weakening.ts: a reviewed trigger node removed,
 * bypassed or no longer reviewed, a hook URL changed) is not stored: it becomes a `dag_change`
 * request a reviewer approves (answered 202 by the route), and the DAG stays as it was.
 */
export async function saveDag(db: Db, opts: { actor: Actor; app: string; input: SaveDagInput }): Promise<DagSaveResult> {
  const input = SaveDagSchema.parse(opts.input);
  const result = await db.transaction(async (tx): Promise<DagSaveResult> => {
    await getApp(tx, opts.app);
    const row = await lockAppDag(tx, opts.app);
    // The browser saw secrets masked: what it sent back masked keeps the stored value.
    const { document, alertWebhookUrl } = await keepDagSecrets(tx, { document: input.document, alertWebhookUrl: input.alertWebhookUrl ?? null, stored: row ?? null });
    await checkDagSave(tx, document, alertWebhookUrl);
    const current = row?.version ?? 0;
    if (input.version !== current) {
      throw conflict(`Someone saved this DAG since you loaded it (version ${current}, you edited ${input.version}). Reload to see their changes.`, {
        current: toDagRecord(opts.app, row),
      });
    }
    const reasons = findReviewWeakening(row?.document ?? { nodes: [], edges: [] }, document);
    if (reasons.length > 0) {
      const request = await requestDagChange(tx, { actor: opts.actor, app: opts.app, baseVersion: current, document, alertWebhookUrl, reasons });
      return { pendingReview: request, current: toDagRecord(opts.app, row) };
    }
    return writeDagDocument(tx, { actor: opts.actor, app: opts.app, row, document, alertWebhookUrl });
  });
  if (!isPendingDagSave(result)) notifyDagChange(opts.app);
  return result;
}
