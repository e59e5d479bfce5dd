"use client";

import { useState } from "react";
import { ApiError } from "@/components/api-client";
import { AppBlockChangeNotice } from "@/components/apps/app-block-change-notice";
import { DiffView } from "@/components/releases/diff-view";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";
import type { ChangeRequest, ChangeRequestListItem } from "@/server/contracts/approvals";
import type { Role } from "@/server/contracts/roles";
import { changeKindSpec } from "@/server/contracts/change-kinds";
import { isContentDiff } from "@/sdk/src/core/releases/release-diff";
import { changeKindView } from "./change-kinds";
import { ChangeSummaryView } from "./change-summary";
import type { Decision } from "./decision-status";
import { EditChangeRequestForm } from "./edit-change-request-form";
import { useApprove, useRebase, useReject, useWithdraw } from "./use-approvals";
import { OverrideDialog, VerificationPanel, whyNotApprovable } from "./verification-panel";

/** Who is looking: their id (is it their own request?) and role (may they edit, override?). */
export type Me = { id: string; role: Role };

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
const STATE_TONE = { pending: "amber", approved: "green", rejected: "red", withdrawn: "slate" } as const;

/**
 * One change request, whatever its kind: title, who asked, the approvals so far, what it
 * changes (a release-content diff side by side, or the kind's own diff as JSON), and the
 * actions the viewer may take.
 */
export function RequestCard({ request, me, onDecided }: { request: ChangeRequestListItem; me: Me; onDecided?: (decided: Decision) => void }) {
  const [editing, setEditing] = useState(false);
  const mine = request.requestedById === me.id;
  const canEdit = me.role === "editor" || me.role === "admin";
  return (
    <article className="rounded-lg border border-slate-200 bg-white" data-testid="change-request" aria-labelledby={`request-${request.id}`}>
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-3">
        <div className="min-w-0">
          <h2 id={`request-${request.id}`} className="text-sm font-semibold text-slate-900">{request.title}</h2>
          <p className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
            <Badge tone="indigo">{request.app}</Badge>
            <Badge>{changeKindSpec(request.kind).label}</Badge>
            <span>asked by {mine ? "you" : request.requestedBy}</span>
            <span aria-hidden>·</span>
            <span>{when(request.createdAt)}</span>
            {request.revision > 1 ? <span>· edited {request.revision - 1}×</span> : null}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <span className="text-xs text-slate-600">{request.approvalCount} of {request.requiredApprovals} {request.requiredApprovals === 1 ? "approval" : "approvals"}</span>
          <Badge tone={STATE_TONE[request.state]}>{request.state}</Badge>
        </div>
      </header>
      <div className="space-y-4 px-5 py-4">
        {request.comment ? <p className="whitespace-pre-wrap text-sm text-slate-800">{request.comment}</p> : null}
        {request.state === "pending" && request.newerRelease ? <StaleNotice request={request} mine={mine} /> : null}
        {/* What it does, then whether it was verified, then the key table. */}
        <ChangeSummaryView request={request} />
        <VerificationPanel request={request} canRerun={mine || canEdit} />
        <WhatChanges request={request} />
        {request.approvals.length > 0 ? (
          <ul className="space-y-1 text-xs text-slate-600" aria-label="Decisions">
            {request.approvals.map((a) => (
              <li key={a.id} className={a.withdrawnAt ? "text-slate-400 line-through" : undefined}>
                <span className={a.decision === "approve" ? "font-medium text-emerald-700" : "font-medium text-red-700"}>{a.decision === "approve" ? "Approved" : "Rejected"}</span> by {a.reviewer} · {when(a.at)}
                {a.comment ? <>: “{a.comment}”</> : null}
                {a.withdrawnAt ? <span className="ml-1 no-underline">(withdrawn: the request was edited)</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
        {request.state === "approved" ? changeKindView(request.kind).outcome?.(request) : null}
        {request.state === "pending" && request.waitingForMe ? <DecisionForm request={request} isAdmin={me.role === "admin"} onDecided={onDecided} /> : null}
        {request.state === "pending" && mine && !editing ? <AuthorActions request={request} onEdit={() => setEditing(true)} /> : null}
        {editing ? <EditChangeRequestForm request={request} onDone={() => setEditing(false)} /> : null}
      </div>
    </article>
  );
}

/**
 * A request built on an older release that a newer one changed (the document or the app's
 * bucket settings): approving it would undo that release, so the server refuses it (409) until
 * the requester re-bases it (rebuilt on the latest release, diff again, approvals withdrawn).
 */
function StaleNotice({ request, mine }: { request: ChangeRequestListItem; mine: boolean }) {
  const rebase = useRebase();
  const newer = request.newerRelease!;
  return (
    <Alert tone="warning" title={`Stale: release #${newer.seq} changed what this request replaces`}>
      <p>
        It was built on an older release; approving it would undo release #{newer.seq} of {request.app}.{" "}
        {mine ? "Re-base it on the latest release (its approvals are withdrawn and the diff below is computed again), or withdraw it." : "Its requester can re-base it on the latest release or withdraw it."}
      </p>
      {mine ? (
        <div className="mt-2 flex items-center gap-2">
          <Button size="sm" variant="primary" disabled={rebase.isPending} onClick={() => rebase.mutate({ id: request.id, input: { version: request.version } })}>
            {rebase.isPending ? "Re-basing…" : "Re-base"}
          </Button>
          {rebase.error ? <span className="text-red-700">{rebase.error.message}</span> : null}
        </div>
      ) : null}
    </Alert>
  );
}

function WhatChanges({ request }: { request: ChangeRequestListItem }) {
  const own = changeKindView(request.kind).whatChanges?.(request);
  if (own) return own;
  if (isContentDiff(request.diff)) {
    return (
      <div className="space-y-2">
        <AppBlockChangeNotice diff={request.diff} />
        <DiffView diff={request.diff} beforeLabel="Published when asked" afterLabel="After approval" emptyText="This request changes nothing." />
      </div>
    );
  }
  const shown = request.diff ?? request.payload;
  if (shown === null || shown === undefined) return null;
  return (
    <details className="rounded-md border border-slate-200" open>
      <summary className="cursor-pointer px-3 py-2 text-xs font-medium text-slate-700">What it changes</summary>
      <pre className="max-h-80 overflow-auto border-t border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800">{JSON.stringify(shown, null, 2)}</pre>
    </details>
  );
}

function DecisionForm({ request, isAdmin, onDecided }: { request: ChangeRequestListItem; isAdmin: boolean; onDecided?: (decided: Decision) => void }) {
  const approve = useApprove();
  const reject = useReject();
  // Confirmed through the page (the decided card leaves the list as soon as the lists refetch,
  // before a mutate() callback of this form would run): mutateAsync resolves either way.
  const approved = (result: ChangeRequest) => onDecided?.({ decision: "approve", request: result });
  const ignore = () => undefined; // a failure shows through approve.error / reject.error
  const [comment, setComment] = useState("");
  const [overriding, setOverriding] = useState(false);
  const id = `decision-${request.id}`;
  const error = approve.error ?? reject.error;
  const commentError = error instanceof ApiError ? error.fieldErrors().comment : undefined;
  const busy = approve.isPending || reject.isPending;
  // The server's gate says the same (409 verification_*); the button says why before anyone tries.
  // A request stale against a newer release is refused for that first (the notice above says so).
  const blocked = request.newerRelease ? null : whyNotApprovable(request);
  const blockedId = `${id}-blocked`;
  return (
    <>
      <form className="space-y-3 rounded-md border border-indigo-100 bg-indigo-50/40 p-4" onSubmit={(e) => e.preventDefault()}>
        <Field label="Your comment" htmlFor={id} error={commentError} hint="Optional when you approve; say why when you reject.">
          <Textarea id={id} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} invalid={Boolean(commentError)} />
        </Field>
        {error && !commentError && !overriding ? <Alert tone="error">{error.message}</Alert> : null}
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="primary" disabled={busy || blocked !== null} aria-describedby={blocked ? blockedId : undefined} onClick={() => approve.mutateAsync({ id: request.id, input: { comment } }).then(approved, ignore)}>
            {approve.isPending && !overriding ? "Approving…" : "Approve"}
          </Button>
          <Button variant="danger" disabled={busy} onClick={() => reject.mutateAsync({ id: request.id, input: { comment } }).then((result) => onDecided?.({ decision: "reject", request: result }), ignore)}>
            {reject.isPending ? "Rejecting…" : "Reject"}
          </Button>
          {blocked && isAdmin && blocked.code !== "running" ? (
            <Button variant="ghost" disabled={busy} onClick={() => { approve.reset(); setOverriding(true); }}>
              Override…
            </Button>
          ) : null}
        </div>
        {blocked ? (
          <p id={blockedId} className="text-xs text-slate-700" data-testid="approve-blocked">
            <span className="font-medium">Approve is blocked.</span> {blocked.text}
          </p>
        ) : null}
      </form>
      {/* Outside the decision form: a form inside a form does not submit on its own. */}
      {isAdmin ? (
        <OverrideDialog
          id={`override-${request.id}`}
          open={overriding}
          busy={approve.isPending}
          error={overriding ? approve.error : null}
          onClose={() => setOverriding(false)}
          onSubmit={(reason) =>
            approve.mutateAsync({ id: request.id, input: { comment, overrideVerification: { reason } } }).then((result) => { setOverriding(false); approved(result); }, ignore)
          }
        />
      ) : null}
    </>
  );
}

function AuthorActions({ request, onEdit }: { request: ChangeRequestListItem; onEdit: () => void }) {
  const withdraw = useWithdraw();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="sm" onClick={onEdit}>Edit</Button>
      {confirming ? (
        <>
          <span className="text-xs text-slate-600">Withdraw this request? It can no longer be approved.</span>
          <Button size="sm" variant="danger" disabled={withdraw.isPending} onClick={() => withdraw.mutate({ id: request.id, input: undefined })}>
            Yes, withdraw
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>Keep it</Button>
        </>
      ) : (
        <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>Withdraw</Button>
      )}
      {withdraw.error ? <Alert tone="error">{withdraw.error.message}</Alert> : null}
    </div>
  );
}
