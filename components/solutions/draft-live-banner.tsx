"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { DraftStatus, SolutionsDraft } from "@/server/contracts/solution-drafts";
import { useDraftStatus, useResetDraftToLive, useRestoreDraftBackup } from "./use-solutions";

/**
 * Says when the draft differs from live (what scoring services hold), with a reset to live
 * that first says what it discards; and, after a delivered rollback replaced the draft, a way
 * to bring the replaced draft back.
 */
export function DraftLiveBanner({ draft, canEdit }: { draft: SolutionsDraft; canEdit: boolean }) {
  const app = draft.app.name;
  const status = useDraftStatus(app);
  const reset = useResetDraftToLive(app);
  const restore = useRestoreDraftBackup(app);
  const [confirming, setConfirming] = useState(false);
  const data = status.data;
  if (!data || data.version !== draft.version) return null;
  const error = reset.error ?? restore.error;
  return (
    <div className="space-y-2" data-testid="draft-live-banner">
      {data.differsFromLive && data.live ? (
        <Alert tone="warning" title={`The draft differs from live (#${data.live.seq})`}>
          <p>{describeChanges(data)}. Publishing sends these changes; resetting discards them.</p>
          {canEdit && !confirming ? (
            <Button size="sm" className="mt-2" onClick={() => setConfirming(true)}>
              Reset the draft to live
            </Button>
          ) : null}
          {canEdit && confirming ? (
            <div className="mt-2 space-y-2 rounded-md border border-amber-300 bg-white p-3" role="group" aria-label="Confirm the reset">
              <p className="text-sm text-slate-800">
                Discard the draft&apos;s changes ({describeChanges(data)}) and make it #{data.live.seq}&apos;s solutions? This cannot be undone.
              </p>
              <div className="flex gap-2">
                <Button
                  size="sm"
                  variant="danger"
                  disabled={reset.isPending}
                  onClick={() => reset.mutate(draft.version, { onSuccess: () => setConfirming(false) })}
                >
                  Discard the changes and reset
                </Button>
                <Button size="sm" onClick={() => setConfirming(false)}>
                  Keep the draft
                </Button>
              </div>
            </div>
          ) : null}
        </Alert>
      ) : null}
      {data.backup ? (
        <Alert tone="info" title={`Rollback #${data.backup.releaseSeq} replaced the draft`}>
          <p>
            Once delivered, rollback #{data.backup.releaseSeq}
            {data.backup.rollbackOfSeq !== null ? ` (to #${data.backup.rollbackOfSeq})` : ""} became the draft, so the next publish does not re-apply what it rolled back. The draft from before it ({data.backup.solutions.join(", ") || "no solutions"}) is kept.
          </p>
          {canEdit ? (
            <Button size="sm" className="mt-2" disabled={restore.isPending} onClick={() => restore.mutate(draft.version)}>
              Restore the draft from before the rollback
            </Button>
          ) : null}
        </Alert>
      ) : null}
      {error ? <Alert tone="error">{error.message}</Alert> : null}
    </div>
  );
}

function describeChanges(data: DraftStatus): string {
  const parts: string[] = [];
  const { added, removed, changed, movedBuckets } = data.changes;
  if (added.length) parts.push(`adds ${added.join(", ")}`);
  if (removed.length) parts.push(`removes ${removed.join(", ")}`);
  if (changed.length) parts.push(`changes ${changed.join(", ")}`);
  if (movedBuckets) parts.push(`moves ${movedBuckets} ${movedBuckets === 1 ? "bucket" : "buckets"}`);
  const text = parts.join("; ") || "reorders the solutions";
  return `The draft ${text}`;
}
