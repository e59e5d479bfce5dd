"use client";

import { useEffect, useRef, useState } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";
import { useRerunVerification, useVerificationReport } from "@/components/verification/use-verification";
import { STATE_LABEL, STATE_TONE, VerificationReportView } from "@/components/verification/verification-report";
import type { ChangeRequestListItem } from "@/server/contracts/approvals";
import type { ChangeRequestVerification } from "@/server/contracts/verification";

/** Why approving would be refused now (the server's gate, docs/verification.md), or null. Undefined `verification`: the kind is not verified. */
export function whyNotApprovable(request: ChangeRequestListItem): { code: "missing" | "running" | "failed" | "stale"; text: string } | null {
  if (request.verification === undefined) return null;
  const v: ChangeRequestVerification | null = request.verification;
  if (!v || !v.current) return { code: "missing", text: "This revision has not been verified yet: re-run verification." };
  if (v.state === "running") return { code: "running", text: "Verification is running: approve once it has passed." };
  if (v.state === "error") return { code: "missing", text: `Verification could not finish (${v.error ?? "no reason"}): re-run it.` };
  if (v.state === "failed") {
    const first = v.failedChecks[0];
    return { code: "failed", text: `Verification failed${first ? `: ${first.reason ?? first.title}` : ""}. Fix it, then re-run verification.` };
  }
  if (v.staleReason) return { code: "stale", text: `The report no longer holds (${v.staleReason}): re-run verification.` };
  return null;
}

/**
 * A publish or rollback request's verification: its state (progress while it runs), the report,
 * and "Re-run verification" for its requester and editors.
 */
export function VerificationPanel({ request, canRerun }: { request: ChangeRequestListItem; canRerun: boolean }) {
  const v = request.verification;
  const report = useVerificationReport(v?.reportId);
  const rerun = useRerunVerification();
  if (v === undefined) return null;
  const pending = request.state === "pending";
  const blocked = pending ? whyNotApprovable(request) : null;
  const headingId = `verification-${request.id}`;
  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded-md border border-slate-200 bg-slate-50/50 p-4" data-testid="verification-panel">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={headingId} className="flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-900" data-testid="verification-heading">
          Verification
          {v ? <Badge tone={STATE_TONE[v.state]}>{STATE_LABEL[v.state]}</Badge> : <Badge>not verified</Badge>}
          {v && !v.current ? <Badge tone="amber">of revision {v.revision}</Badge> : null}
          {v?.state === "running" ? (
            <span className="text-xs font-normal text-slate-500">
              {v.progress.total ? `${v.progress.done} of ${v.progress.total} · ` : ""}
              {v.progress.step}
            </span>
          ) : null}
        </h3>
        {pending && canRerun ? (
          <Button size="sm" disabled={rerun.isPending || v?.state === "running"} onClick={() => rerun.mutate(request.id)}>
            {rerun.isPending ? "Starting…" : "Re-run verification"}
          </Button>
        ) : null}
      </div>
      {rerun.error ? <Alert tone="error">{rerun.error.message}</Alert> : null}
      {blocked && blocked.code === "stale" ? <Alert tone="warning">{blocked.text}</Alert> : null}
      {!v ? <p className="text-xs text-slate-600">No verification of this request yet. It is verified when it is made, edited or re-based; re-run it to verify it now.</p> : null}
      {report.error ? <Alert tone="error">Could not load the report: {report.error.message}</Alert> : null}
      {report.data ? (
        <details open={report.data.state !== "passed"} className="group">
          <summary className="cursor-pointer text-xs font-medium text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-500">The report</summary>
          <div className="mt-3">
            <VerificationReportView report={report.data} />
          </div>
        </details>
      ) : null}
    </section>
  );
}

/** An admin approves despite verification: a dialog asking for the written reason (audited, shown on the release). */
export function OverrideDialog({ id, open, onClose, onSubmit, busy, error }: { id: string; open: boolean; onClose: () => void; onSubmit: (reason: string) => void; busy: boolean; error: Error | null }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const tooShort = reason.trim().length < 10;
  const fieldError = error instanceof ApiError ? error.fieldErrors()["overrideVerification.reason"] : undefined;
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <form
        className="space-y-3 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (!tooShort) onSubmit(reason.trim());
        }}
      >
        <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">Approve despite verification</h2>
        <p className="text-sm text-slate-600">
          The release goes out without a passed verification. Your reason is kept in the audit log, on the report and on the release.
        </p>
        <Field label="Reason" htmlFor={`${id}-reason`} hint="At least 10 characters." error={fieldError}>
          <Textarea id={`${id}-reason`} rows={3} required minLength={10} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus invalid={Boolean(fieldError)} />
        </Field>
        {error && !fieldError ? <Alert tone="error">{error.message}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={busy || tooShort}>
            {busy ? "Approving…" : "Override and approve"}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
