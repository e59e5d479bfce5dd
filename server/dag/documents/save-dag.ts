import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { dagDocuments } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { getApp } from "@/server/apps/get-app";
import { recordAudit } from "@/server/audit/record-audit";
import { SaveDagSchema, type DagRecord, type SaveDagInput } from "@/server/contracts/dag-save";
import { conflict, unprocessable } from "@/server/errors";
import { notifyDagChange } from "../engine/wake";
import { toDagRecord } from "./dag-record";
import { findSaveProblems } from "./find-save-problems";

/**
 * Saves the app's DAG: refused with 422 listing every problem (and the offending node ids)
 * when the graph breaks a rule, with 409 (carrying the current DAG) when `version` is not the
 * one saved last. Takes the app's DAG lock, so a save never interleaves with an engine step.
 */
export async function saveDag(db: Db, opts: { actor: Actor; app: string; input: SaveDagInput }): Promise<DagRecord> {
  const input = SaveDagSchema.parse(opts.input);
  const alertWebhookUrl = input.alertWebhookUrl ?? null;
  const record = await db.transaction(async (tx) => {
    await getApp(tx, opts.app);
    const problems = await findSaveProblems(tx, input.document, alertWebhookUrl);
    if (problems.length > 0) {
      const names = problems.slice(0, 3).map((p) => p.message).join("; ");
      throw unprocessable(`The DAG was not saved: ${names}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ""}.`, { problems });
    }
    const [row] = await tx.select().from(dagDocuments).where(eq(dagDocuments.app, opts.app)).for("update");
    const current = row?.version ?? 0;
    if (input.version !== current) {
      throw conflict(`Someone saved this DAG since you loaded it (version ${current}, you edited ${input.version}). Reload to see their changes.`, {
        current: toDagRecord(opts.app, row),
      });
    }
    const values = { document: input.document, alertWebhookUrl, version: current + 1, updatedBy: actorLabel(opts.actor), updatedAt: new Date() };
    const [saved] = row
      ? await tx.update(dagDocuments).set(values).where(eq(dagDocuments.app, opts.app)).returning()
      : await tx.insert(dagDocuments).values({ app: opts.app, ...values }).onConflictDoNothing().returning();
    if (!saved) throw conflict("Someone saved the first version of this DAG at the same time. Reload to see it.");
    await recordAudit(tx, {
      actor: opts.actor,
      app: opts.app,
      kind: "dag",
      action: row ? "update" : "create",
      target: opts.app,
      before: row ? { version: row.version, document: row.document, alertWebhookUrl: row.alertWebhookUrl } : null,
      after: { version: saved.version, document: saved.document, alertWebhookUrl },
    });
    return toDagRecord(opts.app, saved);
  });
  notifyDagChange(opts.app);
  return record;
}
