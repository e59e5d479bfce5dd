import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { dagDocuments } from "@/db/schema";
import { notifyOutbox } from "@/server/outbox/outbox-signal";
import { sendAlertWebhook } from "../alerts/send-alert-webhook";
import type { HookRequest } from "../hooks/hook-request";
import { recordHookAnswer, type RetryPolicy } from "../hooks/record-hook-answer";
import { sendHook } from "../hooks/send-hook";
import { runEngineStep } from "./run-engine-step";
import { verifyHeldReleases } from "@/server/releases/held/verify-held-releases";
import { onDagChange } from "./wake";
import { logError } from "@/server/log/loggable-error";

export interface DagEngineOptions {
  db: Db;
  /** Base URL of this console for callback URLs, e.g. http://127.0.0.1:3000. */
  publicUrl: string;
  engineId?: string;
  /** How often every app is looked at (timeouts, retries due, other processes' work). */
  pollMs?: number;
  /** Upper bound of one hook HTTP request. */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The engine's clock (tests move it to reach timeouts and backoffs). */
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface DagEngine {
  readonly id: string;
  start(): void;
  /** Looks at the app now (or at every app). */
  wake(app?: string): void;
  /** Runs one pass over every app and waits for the hook requests it sent. */
  runOnce(): Promise<void>;
  /** Waits for the requests in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The propagation engine of one console process. Its state is in the database only: it
 * reads what to do from the node states at every step, so it can stop at any point and a new
 * one resumes. Steps are serialised within the process; across processes the app's DAG lock
 * (SKIP LOCKED) gives each step to exactly one engine.
 */
export function createDagEngine(options: DagEngineOptions): DagEngine {
  const id = options.engineId ?? `dag-engine-${randomUUID().slice(0, 8)}`;
  const pollMs = options.pollMs ?? 1000;
  const now = options.now ?? (() => new Date());
  const policy: RetryPolicy = { retryBaseMs: options.retry?.retryBaseMs ?? 1000, retryMaxMs: options.retry?.retryMaxMs ?? 60_000 };
  const stepOptions = { engineId: id, publicUrl: options.publicUrl, requestTimeoutMs: options.requestTimeoutMs ?? 10_000 };
  const onError = options.onError ?? ((e: unknown) => logError(`[${id}]`, e));
  const dirty = new Set<string>();
  let everything = true;
  let running = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pass: Promise<void> | null = null;
  let unsubscribe: (() => void) | null = null;
  const inFlight = new Set<Promise<void>>();
  const lockedRetries = new Map<string, number>();

  async function stepApp(app: string): Promise<void> {
    const result = await runEngineStep(options.db, app, { ...stepOptions, at: now() });
    if (result.skipped) {
      // Someone holds the app's lock; it is usually a short transaction: look again soon.
      const n = (lockedRetries.get(app) ?? 0) + 1;
      lockedRetries.set(app, n);
      if (n <= 20 && running) setTimeout(() => wake(app), 25 * n).unref?.();
      return;
    }
    lockedRetries.delete(app);
    notifyOutbox();
    // Releases its output nodes made (in this step or a change of the DAG) are verified after their commit.
    track(verifyHeldReleases(options.db, { app }).then(() => undefined));
    for (const request of result.requests) track(send(request));
    for (const alert of result.alerts) track(sendAlertWebhook(options.db, alert, { timeoutMs: stepOptions.requestTimeoutMs }).then(() => undefined));
  }

  async function send(request: HookRequest): Promise<void> {
    const answer = await sendHook(request);
    await recordHookAnswer(options.db, { request, answer, at: now(), policy });
    wake(request.app);
  }

  function track(p: Promise<void>): void {
    const guarded = p.catch(onError);
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
  }

  async function runPass(): Promise<void> {
    const apps = everything ? (await options.db.select({ app: dagDocuments.app }).from(dagDocuments)).map((r) => r.app) : [];
    everything = false;
    const todo = new Set([...apps, ...dirty]);
    dirty.clear();
    for (const app of todo) {
      try {
        await stepApp(app);
      } catch (e) {
        onError(e);
      }
    }
  }

  function kick(): void {
    if (pass) return;
    pass = runPass()
      .catch(onError)
      .finally(() => {
        pass = null;
        if (dirty.size > 0 || everything) kick();
      });
  }

  function wake(app?: string): void {
    if (app === undefined) everything = true;
    else dirty.add(app);
    if (running) kick();
  }

  function schedulePoll(): void {
    if (!running) return;
    timer = setTimeout(() => {
      wake();
      schedulePoll();
    }, pollMs);
    timer.unref?.();
  }

  return {
    id,
    start() {
      if (running) return;
      running = true;
      unsubscribe = onDagChange((app) => wake(app));
      wake();
      schedulePoll();
    },
    wake,
    async runOnce() {
      everything = true;
      while (pass) await pass;
      await runPass();
      await Promise.all([...inFlight]);
    },
    async idle() {
      while (pass || inFlight.size > 0) await Promise.all([pass, ...inFlight]);
    },
    async stop() {
      running = false;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      while (pass || inFlight.size > 0) await Promise.all([pass, ...inFlight]);
    },
  };
}
