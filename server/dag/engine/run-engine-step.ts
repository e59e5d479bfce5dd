import type { Db } from "@/db";
import { recordAlerts, type AlertToSend } from "../alerts/record-alerts";
import { expireHookCalls } from "../hooks/expire-hook-calls";
import type { HookRequest } from "../hooks/hook-request";
import { startHookCalls, type StartOptions } from "../hooks/start-hook-calls";
import { flushSession, openSession } from "../state/dag-session";
import { settleSession } from "../state/settle-session";
import { DAG_ENGINE } from "./engine-actor";

export interface EngineStepResult {
  /** Another transaction (this process or another) holds the app's DAG: nothing was done. */
  skipped: boolean;
  /** Committed hook calls this engine must now send (and nobody else will). */
  requests: HookRequest[];
  alerts: AlertToSend[];
}

/**
 * One engine step for one app, in one transaction under the app's DAG lock taken with
 * SKIP LOCKED (so with several console processes exactly one does the step, and the others
 * move on): time out unanswered hooks, settle the cascade, deliver output writes, commit new
 * hook calls, record alerts. The requests are returned to be sent after the commit.
 */
export async function runEngineStep(db: Db, app: string, opts: StartOptions & { at: Date }): Promise<EngineStepResult> {
  return db.transaction(async (tx) => {
    const session = await openSession(tx, app, { at: opts.at, skipLocked: true });
    if (!session) return { skipped: true, requests: [], alerts: [] };
    await expireHookCalls(session);
    const calls = await settleSession(session, DAG_ENGINE);
    const requests = await startHookCalls(session, calls, opts);
    await flushSession(session);
    const alerts = await recordAlerts(session);
    return { skipped: false, requests, alerts };
  });
}
