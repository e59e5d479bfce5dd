"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";
import { Loading } from "@/components/ui/loading";
import type { Release } from "@/server/contracts/releases";
import { DiffView } from "./diff-view";
import { useRelease, useRollbackPreview, useRollbackRelease, type ReleaseRequestResult } from "./use-releases";
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
          beforeLabel={detail.data.previous ? `#${detail.data.previous.seq}` : "Before the first release"}
          afterLabel={`#${release.seq}`}
          emptyText="Same content as the release before it."
        />
      ) : null}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-xs text-slate-600 md:grid-cols-3">
        <div>
          <dt className="inline font-medium text-slate-700">Release id </dt>
          <dd className="inline break-all font-mono">{release.id}</dd>
        </div>
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
        <div>
          <dt className="inline font-medium text-slate-700">Verification report </dt>
          <dd className="inline break-all font-mono">{release.verification.reportId ?? "none"}</dd>
        </div>
      </dl>
      {release.verification.override ? (
        <Alert tone="warning" title="Released without a passed verification">
          {release.verification.override.by} approved it despite its verification on {new Date(release.verification.override.at).toLocaleString()}: “{release.verification.override.reason}”
        </Alert>
      ) : null}
      {canEdit && !isLatest ? <RollbackForm app={app} release={release} /> : null}
    </div>
  );
}

function RollbackForm({ app, release }: { app: string; release: Release }) {
  const rollback = useRollbackRelease(app);
  const [comment, setComment] = useState("");
  const [rollBackDagKeys, setRollBackDagKeys] = useState(false);
  const preview = useRollbackPreview(app, release.id, rollBackDagKeys);
  const [result, setResult] = useState<ReleaseRequestResult | null>(null);
  const id = `rollback-comment-${release.id}`;
  const fieldError = rollback.error && "fieldErrors" in rollback.error ? (rollback.error as { fieldErrors(): Record<string, string> }).fieldErrors().comment : undefined;
  const plan = preview.data;

  if (result) {
    return result.changeRequest ? (
      <Alert tone="success" title="Rollback requested">
        A reviewer must approve it: <Link className="font-medium underline" href="/approvals">open Approvals</Link>.
      </Alert>
    ) : (
      <Alert tone="success" title={`Release #${result.release?.seq} created`}>It restores #{release.seq} and is on its way to the config center.</Alert>
    );
  }
  return (
    <form
      className="space-y-3 rounded-md border border-slate-200 bg-white p-4"
      data-testid="rollback-form"
      onSubmit={(e) => {
        e.preventDefault();
        rollback.mutate({ id: release.id, input: { comment, rollBackDagKeys } }, { onSuccess: setResult });
      }}
    >
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Roll back to #{release.seq}</h3>
        <p className="text-xs text-slate-600">
          A new release with #{release.seq}&apos;s document and versions, through the same approval as any publish. Below: what it changes from live
          {plan?.live ? ` (#${plan.live.seq}, what scoring services hold now)` : ""}.
        </p>
      </div>
      {preview.isLoading ? <Loading label="Working out what the rollback changes…" /> : null}
      {preview.error ? <Alert tone="error" title="Could not preview the rollback">{preview.error.message}</Alert> : null}
      {plan ? (
        <div data-testid="rollback-preview">
          <DiffView
            before={plan.before}
            after={plan.after}
            beforeLabel={plan.live ? `Live (#${plan.live.seq})` : "Nothing published"}
            afterLabel={`After the rollback to #${release.seq}`}
            emptyText="Nothing would change: live already equals this."
          />
        </div>
      ) : null}
      {plan && plan.dagKeys.length > 0 ? (
        <fieldset className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
          <legend className="px-1 text-xs font-semibold text-amber-900">Versions the DAG wrote since #{release.seq}</legend>
          <ul className="mb-2 space-y-0.5 text-xs text-amber-900">
            {plan.dagKeys.map((k) => (
              <li key={k.key}>
                <span className="font-mono">{k.key}</span>: live {k.live ?? "none"}, at #{release.seq} {k.target ?? "none"} (written by {k.nodes.join(", ")})
              </li>
            ))}
          </ul>
          <label className="flex items-start gap-2">
            <input type="checkbox" className="mt-1" checked={rollBackDagKeys} onChange={(e) => setRollBackDagKeys(e.target.checked)} />
            <span>
              Roll these back too
              <span className="block text-xs text-slate-600">
                {rollBackDagKeys
                  ? `DAG versions only move forward: ${plan.holds.join(", ") || "their output nodes"} will be held at the rolled-back versions until someone resumes them on the Version DAG page.`
                  : "Unticked, they keep their live values and the DAG goes on publishing them."}
              </span>
            </span>
          </label>
        </fieldset>
      ) : null}
      <Field label="Why roll back?" htmlFor={id} error={fieldError}>
        <Textarea id={id} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} invalid={Boolean(fieldError)} placeholder="e.g. CTR dropped after #5" />
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
