"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";
import { Loading } from "@/components/ui/loading";
import type { Release } from "@/server/contracts/releases";
import { DiffView } from "./diff-view";
import { useRelease, useRollbackRelease, type ReleaseRequestResult } from "./use-releases";
import { ExistingRequestLink } from "@/components/approvals/existing-request-link";

/** The expanded row of a release: its diff against the release before it, and rollback to it. */
export function ReleaseDetails({ app, release, isLatest, canEdit }: { app: string; release: Release; isLatest: boolean; canEdit: boolean }) {
  const detail = useRelease(app, release.id);
  return (
    <div className="space-y-4 bg-slate-50/60 px-4 py-4">
      {detail.isLoading ? <Loading label="Loading the release…" /> : null}
      {detail.error ? <Alert tone="error" title="Could not load the release">{detail.error.message}</Alert> : null}
      {detail.data ? (
        <DiffView
          before={detail.data.previous?.content ?? null}
          after={detail.data.content}
          beforeLabel={detail.data.previous ? `Release #${detail.data.previous.seq}` : "Before the first release"}
          afterLabel={`Release #${release.seq}`}
          emptyText="Same content as the release before it."
        />
      ) : null}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-xs text-slate-600 md:grid-cols-3">
        <div>
          <dt className="inline font-medium text-slate-700">Content hash </dt>
          <dd className="inline break-all font-mono">{release.contentHash}</dd>
        </div>
        <div>
          <dt className="inline font-medium text-slate-700">Revision in the config center </dt>
          <dd className="inline font-mono">{release.revision ?? "not yet"}</dd>
        </div>
        <div>
          <dt className="inline font-medium text-slate-700">Delivery attempts </dt>
          <dd className="inline font-mono">{release.delivery.attempts}</dd>
        </div>
      </dl>
      {canEdit && !isLatest ? <RollbackForm app={app} release={release} /> : null}
    </div>
  );
}

function RollbackForm({ app, release }: { app: string; release: Release }) {
  const rollback = useRollbackRelease(app);
  const [comment, setComment] = useState("");
  const [result, setResult] = useState<ReleaseRequestResult | null>(null);
  const id = `rollback-comment-${release.id}`;
  const fieldError = rollback.error && "fieldErrors" in rollback.error ? (rollback.error as { fieldErrors(): Record<string, string> }).fieldErrors().comment : undefined;

  if (result) {
    return result.changeRequest ? (
      <Alert tone="success" title="Rollback requested">
        A reviewer must approve it: <Link className="font-medium underline" href="/approvals">open Approvals</Link>.
      </Alert>
    ) : (
      <Alert tone="success" title={`Release #${result.release?.seq} created`}>It restores release #{release.seq} and is on its way to the config center.</Alert>
    );
  }
  return (
    <form
      className="max-w-2xl space-y-3 rounded-md border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        rollback.mutate({ id: release.id, input: { comment } }, { onSuccess: setResult });
      }}
    >
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Roll back to release #{release.seq}</h3>
        <p className="text-xs text-slate-600">A new release with exactly this content (document and versions). It goes through the same approval as any publish.</p>
      </div>
      <Field label="Why roll back?" htmlFor={id} error={fieldError}>
        <Textarea id={id} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} invalid={Boolean(fieldError)} placeholder="e.g. CTR dropped after release #5" />
      </Field>
      {rollback.error && !fieldError ? (
        <Alert tone="error">
          {rollback.error.message} <ExistingRequestLink error={rollback.error} />
        </Alert>
      ) : null}
      <Button type="submit" variant="danger" disabled={rollback.isPending}>
        {rollback.isPending ? "Requesting…" : `Request rollback to #${release.seq}`}
      </Button>
    </form>
  );
}
