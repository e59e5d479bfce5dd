import { and, desc, eq } from "drizzle-orm";
import { dagOutputWrites, outbox, releases } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { holdForReverification } from "@/server/releases/held/reverify-release";
import { retryEventOf } from "../graph/propagate";
import { recordEvent, type DagSession } from "../state/dag-session";

/**
 * A person retries an output node whose release failed its verification (docs/verification.md,
 * *Releases without review*), as a trigger's retry does: when its inputs moved on since, the
 * failed release is skipped (left undelivered, so it no longer holds back the app's releases)
 * and the node writes the newest inputs (a new release, verified in turn); otherwise the same
 * release is verified again (a new run: the data may have been loaded meanwhile). The node is
 * idle again either way. Returns the release to verify again after the commit, if any.
 */
export async function retryOutputNode(session: DagSession, key: string, actor: Actor): Promise<{ reverify: string | null }> {
  const state = session.states[key]!;
  const releaseId = state.lastError?.releaseId ?? null;
  const event = retryEventOf(session.dag, session.states, key);
  const newest = event.type === "retried" && event.newestInputs === true;
  // A later write of the node than the failed release supersedes it too.
  const [latestWrite] = await session.tx
    .select({ releaseId: dagOutputWrites.releaseId })
    .from(dagOutputWrites)
    .where(and(eq(dagOutputWrites.app, session.app), eq(dagOutputWrites.nodeKey, key)))
    .orderBy(desc(dagOutputWrites.createdAt))
    .limit(1);
  const superseded = newest || (latestWrite !== undefined && latestWrite.releaseId !== releaseId);
  let reverify: string | null = null;
  if (releaseId && superseded) {
    const [record] = await session.tx
      .update(outbox)
      .set({ state: "skipped", processedAt: new Date() })
      .where(and(eq(outbox.releaseId, releaseId), eq(outbox.state, "failed")))
      .returning({ app: outbox.app, seq: outbox.seq, lastError: outbox.lastError });
    if (record) {
      await session.tx.update(releases).set({ deliveryError: `${record.lastError ?? "Failed"} (skipped: ${key} was retried with newer inputs by ${actorLabel(actor)})` }).where(eq(releases.id, releaseId));
      await recordAudit(session.tx, { actor, app: session.app, kind: "release", action: "delivery_skip", target: `${record.app}#${record.seq}`, after: { state: "skipped", reason: `${key} retried with newer inputs` } });
    }
  } else if (releaseId && (await holdForReverification(session.tx, releaseId))) {
    reverify = releaseId;
  }
  session.states[key] = { ...state, phase: "idle", waitingFor: [], lastError: null };
  recordEvent(session, {
    key,
    type: "retried",
    version: null,
    message: reverify ? "Retried: its release is verified again" : superseded ? "Retried: the failed release is skipped; the newest inputs are written" : "Retried",
    actor: actorLabel(actor),
    detail: { releaseId },
  });
  return { reverify };
}
