import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db";
import { releases } from "@/db/schema";
import type { SystemActor } from "@/server/auth/actor";
import { latestReport } from "@/server/verification/get-report";
import { INTERRUPTED } from "@/server/verification/report-dto";
import { startVerification } from "@/server/verification/run-verification";
import { contentOf } from "../release-dto";
import { finishHeldRelease, listenForHeldReleases } from "./finish-held-release";

/** Who the audit log and reports name for the verification of a release made without review. */
export const RELEASE_VERIFIER: SystemActor = { type: "system", name: "release-verification" };

// Releases whose run this process is starting (two callers at once start one run).
const g = globalThis as unknown as { __heldReleasesStarting?: Set<string> };
const starting = (g.__heldReleasesStarting ??= new Set());

export interface VerifyHeldOptions {
  app?: string;
  releaseIds?: string[];
  /**
   * The sweeper's pass: also re-starts a run that was lost (its report reads "interrupted": the
   * console that ran it stopped) and finishes a release whose run ended while its listener did
   * not run. Without it, only releases that have no report yet are started.
   */
  recover?: boolean;
  /** Verify again (an admin's or a node's retry): a new run even when the latest one finished. */
  again?: boolean;
}

/**
 * Starts the verification of held releases (delivery state `verifying`: made without review,
 * docs/verification.md *Releases without review*), outside any transaction: each one's run is
 * a report with subject `{ kind: "release", id }`; finishHeldRelease takes it from there.
 * Returns the ids of the reports started.
 */
export async function verifyHeldReleases(db: Db, opts: VerifyHeldOptions = {}): Promise<string[]> {
  listenForHeldReleases();
  if (opts.releaseIds && opts.releaseIds.length === 0) return [];
  const held = await db
    .select()
    .from(releases)
    .where(
      and(
        eq(releases.deliveryState, "verifying"),
        opts.app ? eq(releases.app, opts.app) : undefined,
        opts.releaseIds ? inArray(releases.id, opts.releaseIds) : undefined,
      ),
    )
    .orderBy(releases.app, releases.seq);
  const started: string[] = [];
  for (const release of held) {
    if (starting.has(release.id)) continue;
    const report = await latestReport(db, { kind: "release", id: release.id });
    if (report) {
      if (report.state === "running") continue;
      const lost = opts.again || (report.state === "error" && report.error === INTERRUPTED);
      if (!opts.recover && !lost) continue;
      if (!lost) {
        await finishHeldRelease(db, report);
        continue;
      }
    }
    starting.add(release.id);
    try {
      const [base] = await db
        .select({ id: releases.id })
        .from(releases)
        .where(and(eq(releases.app, release.app), lt(releases.seq, release.seq)))
        .orderBy(desc(releases.seq))
        .limit(1);
      const id = await startVerification(db, {
        app: release.app,
        subject: { kind: "release", id: release.id, revision: null },
        content: contentOf(release),
        baseReleaseId: base?.id ?? null,
        actor: RELEASE_VERIFIER,
      });
      // Shown on the release while it runs; finishHeldRelease writes it again with the outcome.
      await db.update(releases).set({ verificationReportId: id }).where(and(eq(releases.id, release.id), eq(releases.deliveryState, "verifying")));
      started.push(id);
    } finally {
      starting.delete(release.id);
    }
  }
  return started;
}
