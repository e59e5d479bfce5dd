import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { dagHookCalls } from "@/db/schema";
import { actorLabel } from "@/server/auth/actor";
import { findHookEndpoint } from "../allowlist/find-hook-endpoint";
import { callbackUrl, newCallbackToken } from "../callbacks/callback-token";
import { DAG_ENGINE } from "../engine/engine-actor";
import type { CallHookAction } from "../graph/propagate";
import { applySessionEvent } from "../state/apply-session-event";
import type { DagSession } from "../state/dag-session";
import type { HookPayload, HookRequest } from "./hook-request";
import { hookTarget } from "./hook-target";
import { SIGNATURE_HEADER, signBody } from "./sign-body";

export interface StartOptions {
  engineId: string;
  publicUrl: string;
  /** Upper bound of one HTTP request (the hook's timeout covers the wait for its callback). */
  requestTimeoutMs: number;
}

/**
 * Turns the hook calls `settle` asked for into committed attempts: for each, a `calling` row
 * with a fresh one-time callback token and the node's `hook_called` event, in the session's
 * transaction. The requests are sent only after that commits, so a restart never sends one
 * twice; a call whose outcome a crash hid runs into its timeout instead.
 * A failed node is called again by itself only after a transport failure (network, 5xx),
 * once its backoff has passed; other failures wait for a person's retry.
 */
export async function startHookCalls(session: DagSession, calls: CallHookAction[], opts: StartOptions): Promise<HookRequest[]> {
  const requests: HookRequest[] = [];
  for (const call of calls) {
    const node = session.dag.nodes.find((n) => n.key === call.node);
    const state = session.states[call.node];
    if (!node?.trigger || !state) continue;
    if (state.phase === "failed" && !(await retryIsDue(session, call))) continue;

    const settings = node.trigger;
    const endpoint = await findHookEndpoint(session.tx, settings.hookUrl);
    const { token, hash } = newCallbackToken();
    const callId = randomUUID();
    const payload: HookPayload = {
      app: session.app,
      node: call.node,
      version: call.version,
      attempt: call.attempt,
      predecessors: state.consumed,
      callbackUrl: callbackUrl(opts.publicUrl, token),
      callId,
      sentAt: session.at.toISOString(),
    };
    const { callbackUrl: _secretUrl, ...stored } = payload;
    const deadlineAt = new Date(session.at.getTime() + settings.timeoutSeconds * 1000);
    // History and the status show the URL with its credentials masked; only the request has them.
    const target = hookTarget(settings.hookUrl);
    applySessionEvent(session, call.node, { type: "hook_called", version: call.version }, DAG_ENGINE, { url: target.shown, attempt: call.attempt });
    await session.tx.insert(dagHookCalls).values({
      id: callId,
      app: session.app,
      nodeKey: call.node,
      version: call.version,
      attempt: call.attempt,
      url: target.shown,
      payload: stored,
      tokenHash: hash,
      status: endpoint ? "calling" : "failed",
      deadlineAt,
      error: endpoint ? null : "not on the hook allow-list",
      calledBy: opts.engineId,
      calledAt: session.at,
      answeredAt: endpoint ? null : session.at,
    });
    if (!endpoint) {
      const error = `${target.shown} is not on the hook allow-list (an admin removed it); nothing was called`;
      applySessionEvent(session, call.node, { type: "hook_failed", version: call.version, error }, DAG_ENGINE);
      continue;
    }
    const body = JSON.stringify(payload);
    requests.push({
      callId,
      app: session.app,
      node: call.node,
      version: call.version,
      attempt: call.attempt,
      url: target.url,
      shownUrl: target.shown,
      method: settings.method,
      headers: {
        ...withUrlCredentials(ownHeaders(settings.headers), target.authorization),
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signBody(endpoint.secret, body),
        "x-scoring-call": callId,
        "user-agent": `scoring-console-dag/${actorLabel(DAG_ENGINE)}`,
      },
      body,
      timeoutMs: Math.min(opts.requestTimeoutMs, settings.timeoutSeconds * 1000),
    });
  }
  return requests;
}

/** The node's last call failed on the way (network, 5xx) and its backoff is over. */
async function retryIsDue(session: DagSession, call: CallHookAction): Promise<boolean> {
  const [last] = await session.tx
    .select({ retryable: dagHookCalls.retryable, retryAt: dagHookCalls.retryAt, version: dagHookCalls.version })
    .from(dagHookCalls)
    .where(and(eq(dagHookCalls.app, session.app), eq(dagHookCalls.nodeKey, call.node)))
    .orderBy(desc(dagHookCalls.calledAt), desc(dagHookCalls.attempt))
    .limit(1);
  return !!last && last.version === call.version && last.retryable && (last.retryAt === null || last.retryAt <= session.at);
}

const RESERVED = new Set(["content-type", "content-length", "host", SIGNATURE_HEADER, "x-scoring-call"]);

/** The node's own headers (an auth header for the receiver, say), minus the ones the engine sets. */
function ownHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !RESERVED.has(name.toLowerCase())));
}

/** Credentials in the URL become Basic authorization, unless the node sets its own authorization header. */
function withUrlCredentials(headers: Record<string, string>, authorization: string | null): Record<string, string> {
  if (!authorization || Object.keys(headers).some((name) => name.toLowerCase() === "authorization")) return headers;
  return { authorization, ...headers };
}
