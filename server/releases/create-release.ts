import { desc, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { apps, outbox, releases, type ReleaseApprover } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import type { VerificationOverride } from "@/server/contracts/verification";
import { recordAudit } from "@/server/audit/record-audit";
import { diffContent } from "@/sdk/src/core/releases/release-diff";
import { notFound } from "@/server/errors";
import { holdOutputNodes } from "@/server/dag/outputs/hold-output-nodes";
import { flushSession, openSession } from "@/server/dag/state/dag-session";
import { buildReleaseContent } from "./build-release-content";
import { hashContent, type StoredChange } from "./release-content";
import { contentOf, toReleaseDto, type ReleaseDto } from "./release-dto";

export interface CreateReleaseOptions {
  /** Who makes it happen now (audit): the approving reviewer, or the requester when no approval is needed. */
  actor: Actor;
  app: string;
  /** Who asked for it. */
  author: { id: string; name: string };
  approvers: ReleaseApprover[];
  comment: string;
  change: StoredChange;
  changeRequestId?: string | null;
  rollbackOf?: string | null;
  automatic?: boolean;
  /** A rollback of DAG-written keys: output nodes held at the release's versions (hold-output-nodes.ts). */
  holds?: string[];
  /**
   * Verification (docs/verification.md): the report a reviewed release was approved on (and an
   * admin's override of a failed one); `hold` for a release made without review, which waits
   * in state "verifying" (its outbox record unclaimable) until its own verification passes.
   */
  verification?: { reportId?: string | null; override?: VerificationOverride | null; hold?: boolean };
}

/**
 * THE way a release comes to exist: in the caller's transaction, the release (content = the
 * change applied to the app's latest release with the bucket settings its document carries
 * (build-release-content.ts), its hash, its diff, the next seq of the app) and its outbox record. The app row is locked
 * first, so an app's releases get their seq in commit order and the dispatcher can deliver by
 * seq. A new document is checked again here against the bucket count of the block it carries.
 */
export async function createRelease(tx: Tx, opts: CreateReleaseOptions): Promise<ReleaseDto> {
  // The DAG lock before the app row: the engine takes them in that order.
  const dag = opts.holds?.length ? await openSession(tx, opts.app, { at: new Date() }) : null;
  const [app] = await tx
    .select({ name: apps.name, bucketCount: apps.bucketCount, hashKey: apps.hashKey, salt: apps.salt })
    .from(apps)
    .where(eq(apps.name, opts.app))
    .for("update");
  if (!app) throw notFound(`No app named "${opts.app}".`, { app: opts.app });
  const [latest] = await tx.select().from(releases).where(eq(releases.app, opts.app)).orderBy(desc(releases.seq)).limit(1);
  const previous = latest ? contentOf(latest) : null;
  // The change was settled by whoever asked (submit-release.ts): its document carries the bucket settings that were reviewed.
  const content = buildReleaseContent(app, previous, opts.change, { appBlock: "as-given" });
  const [row] = await tx
    .insert(releases)
    .values({
      app: opts.app,
      seq: (latest?.seq ?? 0) + 1,
      author: opts.author.name,
      authorId: opts.author.id,
      approvers: opts.approvers,
      comment: opts.comment,
      document: content.document,
      versions: content.versions,
      contentHash: hashContent(content),
      diff: diffContent(previous, content),
      changeRequestId: opts.changeRequestId ?? null,
      rollbackOf: opts.rollbackOf ?? null,
      automatic: opts.automatic ?? false,
      verificationReportId: opts.verification?.reportId ?? null,
      verificationOverride: opts.verification?.override ?? null,
      ...(opts.verification?.hold ? { deliveryState: "verifying" as const } : {}),
    })
    .returning();
  await tx.insert(outbox).values({ releaseId: row!.id, app: row!.app, seq: row!.seq, ...(opts.verification?.hold ? { state: "verifying" as const } : {}) });
  let rollbackOfSeq: number | null = null;
  if (row!.rollbackOf) {
    const [target] = await tx.select({ seq: releases.seq }).from(releases).where(eq(releases.id, row!.rollbackOf));
    rollbackOfSeq = target?.seq ?? null;
  }
  const release = toReleaseDto(row!, { rollbackOfSeq, outboxState: row!.deliveryState === "verifying" ? "verifying" : "pending" });
  if (dag) {
    await holdOutputNodes(dag, { nodes: opts.holds!, release: { id: row!.id, seq: row!.seq, rollbackOfSeq, versions: row!.versions }, actor: opts.actor });
    await flushSession(dag);
  }
  await recordAudit(tx, { actor: opts.actor, app: opts.app, kind: "release", action: "create", target: `${opts.app}#${release.seq}`, after: release });
  return release;
}
