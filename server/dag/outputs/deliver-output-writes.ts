import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { dagOutputWrites } from "@/db/schema";
import { requestRelease } from "@/server/releases/request-release";
import { backoffMs } from "../engine/backoff";
import { DAG_ENGINE } from "../engine/engine-actor";
import { recordEvent, type DagSession } from "../state/dag-session";
import { safeErrorMessage } from "@/server/log/loggable-error";

/**
 * Delivers the app's pending output writes to the config center through the release flow
 * (an automatic release per write; its own outbox then reaches the center), oldest first,
 * inside the session's transaction: under the app's lock, so exactly one transaction delivers
 * each write, and the write is marked delivered only if its release was committed with it.
 * A write the release flow refuses is retried with backoff and holds back the later ones.
 * Returns how many releases were created.
 */
export async function deliverOutputWrites(session: DagSession, opts: { retryBaseMs?: number; retryMaxMs?: number } = {}): Promise<number> {
  const due = await session.tx
    .select()
    .from(dagOutputWrites)
    .where(and(eq(dagOutputWrites.app, session.app), eq(dagOutputWrites.status, "pending")))
    .orderBy(asc(dagOutputWrites.createdAt), asc(dagOutputWrites.id));
  let released = 0;
  for (const write of due) {
    if (write.nextTryAt > session.at) break;
    // Writes recorded before a hold are superseded when it is taken; this guards the rest.
    if (session.states[write.nodeKey]?.hold) continue;
    try {
      // A savepoint: a refusal rolls back the release flow's work only, not the DAG's.
      const result = await requestRelease(session.tx as unknown as Db, {
        actor: DAG_ENGINE,
        app: session.app,
        comment: `Version DAG: ${write.nodeKey} writes ${describe(write.versions)}`,
        change: { versions: write.versions },
        automatic: true,
        // Held until verified; the run starts once this transaction commits (change-dag.ts, the engine's step).
        verifyAfterCommit: false,
      });
      await session.tx
        .update(dagOutputWrites)
        .set({ status: "delivered", deliveredAt: session.at, attempts: write.attempts + 1, error: null, releaseId: result.release?.id ?? null })
        .where(eq(dagOutputWrites.id, write.id));
      if (result.release) released++;
      recordEvent(session, {
        key: write.nodeKey,
        type: "output_released",
        version: Object.values(write.versions)[0] ?? null,
        message: result.release
          ? `Release #${result.release.seq} writes ${describe(write.versions)} to the config center`
          : `The config center already holds ${describe(write.versions)}; nothing to release`,
        actor: DAG_ENGINE.name,
        detail: { releaseId: result.release?.id ?? null },
      });
    } catch (e) {
      const attempts = write.attempts + 1;
      const error = safeErrorMessage(e);
      const nextTryAt = new Date(session.at.getTime() + backoffMs(attempts, opts.retryBaseMs ?? 1000, opts.retryMaxMs ?? 60_000));
      await session.tx.update(dagOutputWrites).set({ attempts, error, nextTryAt }).where(eq(dagOutputWrites.id, write.id));
      recordEvent(session, {
        key: write.nodeKey,
        type: "output_failed",
        version: Object.values(write.versions)[0] ?? null,
        message: `The release flow refused ${describe(write.versions)}: ${error} (retrying at ${nextTryAt.toISOString()})`,
        actor: DAG_ENGINE.name,
      });
      break;
    }
  }
  return released;
}

function describe(versions: Record<string, string>): string {
  return Object.entries(versions)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

