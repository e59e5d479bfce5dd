import { randomUUID } from "node:crypto";
import os from "node:os";
import { and, eq } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "@/db";
import { verificationReports } from "@/db/schema";
import { actorLabel } from "@/server/auth/actor";
import type { VerificationReport } from "@/server/contracts/verification";
import { hashContent } from "@/server/releases/release-content";
import { checkReferences } from "./check-references";
import { getReport, latestReport } from "./get-report";
import type { StartVerificationOptions, VerificationApi, VerificationFinishedListener, VerificationSubject } from "./verification-api";
import { collectModelStates, whyInputsChanged } from "./verification-inputs";
import { verifyCandidate } from "./verify-candidate";
import { logError, safeErrorMessage } from "@/server/log/loggable-error";

/** Runs at once per process; more wait their turn (their report says "queued"). */
export const MAX_CONCURRENT_RUNS = 2;
/** How often a run says it is alive (report-dto.ts reads a report whose beat is 60 s old as interrupted). */
export const HEARTBEAT_MS = 10_000;
/** At most one progress write per this long. */
const PROGRESS_WRITE_MS = 250;

type Kind = VerificationSubject["kind"];

interface EngineState {
  runner: string;
  active: number;
  queue: (() => void)[];
  listeners: Record<Kind, VerificationFinishedListener[]>;
  runs: Map<string, Promise<VerificationReport | null>>;
}

// Next.js may load this module in several bundles of one process: one limiter, one listener list.
const g = globalThis as unknown as { __verificationEngine?: EngineState };
const engine: EngineState = (g.__verificationEngine ??= {
  runner: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  active: 0,
  queue: [],
  listeners: { change_request: [], release: [] },
  runs: new Map(),
});

/** Called once a run of a subject of this kind has stored its final state; errors are logged, not thrown. */
export function onVerificationFinished(kind: Kind, listener: VerificationFinishedListener): void {
  if (!engine.listeners[kind].includes(listener)) engine.listeners[kind].push(listener);
}

/** Removes a listener (tests). */
export function offVerificationFinished(kind: Kind, listener: VerificationFinishedListener): void {
  engine.listeners[kind] = engine.listeners[kind].filter((l) => l !== listener);
}

/**
 * Resolves with the final report once the run has stored it and its listeners have run; null at
 * once when no run of that id is going on in this process (it finished, or runs elsewhere).
 */
export function waitForVerification(id: string): Promise<VerificationReport | null> {
  return engine.runs.get(id) ?? Promise.resolve(null);
}

/** Resolves once every run going on in this process has finished (tests close their database after it). */
export async function settleVerifications(): Promise<void> {
  while (engine.runs.size > 0) await Promise.allSettled([...engine.runs.values()]);
}

/**
 * Starts verifying a candidate: inserts its report (running, queued) and resolves with its id;
 * the run goes on in the background, outside any transaction, writing its progress and a
 * heartbeat, then its result (or state "error" with the message).
 */
export async function startVerification(db: Db, opts: StartVerificationOptions): Promise<string> {
  // The run outlives the caller's transaction and must never hold one open: start it after commit.
  if (db instanceof PgTransaction) throw new Error("startVerification runs outside any transaction: call it with the database, after the transaction commits");
  const [row] = await db
    .insert(verificationReports)
    .values({
      app: opts.app,
      subjectKind: opts.subject.kind,
      subjectId: opts.subject.id,
      subjectRevision: opts.subject.revision,
      contentHash: hashContent(opts.content),
      state: "running",
      progress: { done: 0, total: 0, step: "queued" },
      requestedBy: actorLabel(opts.actor),
      runner: engine.runner,
      heartbeatAt: new Date(),
    })
    .returning({ id: verificationReports.id });
  const id = row!.id;
  const done = runInBackground(db, id, opts);
  engine.runs.set(id, done);
  void done.finally(() => engine.runs.delete(id));
  return id;
}

async function acquire(): Promise<void> {
  if (engine.active < MAX_CONCURRENT_RUNS) {
    engine.active++;
    return;
  }
  // The slot is handed over by release(), so `active` stays counted.
  await new Promise<void>((resolve) => engine.queue.push(resolve));
}

function release(): void {
  const next = engine.queue.shift();
  if (next) next();
  else engine.active--;
}

/** Never rejects: every failure ends in the report. */
async function runInBackground(db: Db, id: string, opts: StartVerificationOptions): Promise<VerificationReport | null> {
  const stillRunning = and(eq(verificationReports.id, id), eq(verificationReports.state, "running"));
  // Writes of one run go one after another, so a late progress write never lands after the result.
  let writes: Promise<unknown> = Promise.resolve();
  const write = (values: Partial<typeof verificationReports.$inferInsert>) => {
    writes = writes.then(() => db.update(verificationReports).set(values).where(stillRunning)).catch((e: unknown) => logError(`[verification] ${id}: could not write progress`, e));
    return writes;
  };
  const beat = setInterval(() => void write({ heartbeatAt: new Date() }), HEARTBEAT_MS);
  beat.unref?.();

  let pending: { done: number; total: number; step: string } | null = null;
  let lastWrite = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    if (!pending) return;
    const progress = pending;
    pending = null;
    lastWrite = Date.now();
    void write({ progress, heartbeatAt: new Date() });
  };
  let total = 0;
  const onProgress = (p: { done: number; total: number; step: string }) => {
    pending = p;
    total = p.total;
    if (timer) return;
    const wait = PROGRESS_WRITE_MS - (Date.now() - lastWrite);
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  };

  try {
    await acquire();
    try {
      onProgress({ done: 0, total: 0, step: "starting" });
      const outcome = await verifyCandidate(db, { app: opts.app, content: opts.content, baseReleaseId: opts.baseReleaseId, onProgress });
      if (timer) clearTimeout(timer);
      pending = null;
      await write({
        state: outcome.state,
        checks: outcome.checks,
        samples: outcome.samples,
        sampleCount: outcome.sampleCount,
        inputs: outcome.inputs,
        progress: { done: total, total, step: "done" },
        heartbeatAt: new Date(),
        finishedAt: new Date(),
      });
    } finally {
      release();
    }
  } catch (e) {
    if (timer) clearTimeout(timer);
    pending = null;
    const message = safeErrorMessage(e);
    if (!(e instanceof Error && "code" in e)) logError(`[verification] ${id} failed`, e);
    await write({ state: "error", error: message, finishedAt: new Date(), heartbeatAt: new Date() });
  } finally {
    clearInterval(beat);
  }

  let report: VerificationReport | null = null;
  try {
    report = await getReport(db, id);
  } catch (e) {
    logError(`[verification] ${id}: could not read the final report`, e);
    return null;
  }
  for (const listener of [...engine.listeners[opts.subject.kind]]) {
    try {
      await listener(db, report);
    } catch (e) {
      logError(`[verification] a listener of ${opts.subject.kind} reports failed on ${id}`, e);
    }
  }
  return report;
}

/** The engine as VerificationApi names it (server/verification/verification-api.ts). */
export const verificationApi: VerificationApi = {
  verifyCandidate,
  checkReferences,
  startVerification,
  onVerificationFinished,
  latestReport,
  getReport,
  collectModelStates,
  whyInputsChanged,
};
