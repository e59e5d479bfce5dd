import type { outbox, releases } from "@/db/schema";
import type { Release, ReleaseContent } from "@/server/contracts/releases";
import type { ReleaseVerification } from "./release-verification";

export type ReleaseDto = Release;

export function toReleaseDto(
  row: typeof releases.$inferSelect,
  extra: { rollbackOfSeq?: number | null; outboxState?: (typeof outbox.$inferSelect)["state"] | null; verification?: ReleaseVerification | null } = {},
): ReleaseDto {
  return {
    id: row.id,
    app: row.app,
    seq: row.seq,
    author: row.author,
    approvers: row.approvers,
    comment: row.comment,
    contentHash: row.contentHash,
    diff: row.diff,
    revision: row.revision ?? null,
    delivery: {
      state: row.deliveryState,
      reason: row.deliveryError,
      attempts: row.deliveryAttempts,
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
      skipped: extra.outboxState === "skipped",
    },
    changeRequestId: row.changeRequestId,
    rollbackOf: row.rollbackOf && extra.rollbackOfSeq != null ? { id: row.rollbackOf, seq: extra.rollbackOfSeq } : null,
    automatic: row.automatic,
    verification: {
      reportId: row.verificationReportId ?? null,
      override: row.verificationOverride ?? null,
      state: extra.verification?.state ?? null,
      failures: extra.verification?.failures ?? [],
    },
    createdAt: row.createdAt.toISOString(),
  };
}

export function contentOf(row: Pick<typeof releases.$inferSelect, "document" | "versions">): ReleaseContent {
  return { document: row.document, versions: row.versions };
}
