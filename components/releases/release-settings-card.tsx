"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { ReleaseSettings } from "@/server/contracts/releases";
import { useUpdateReleaseSettings } from "./use-releases";

/** Admins decide whether publishing the app needs approval and how many (docs/roles.md). */
export function ReleaseSettingsForm({ app, settings, onDone }: { app: string; settings: ReleaseSettings; onDone: () => void }) {
  const update = useUpdateReleaseSettings(app);
  const [requiresApproval, setRequiresApproval] = useState(settings.requiresApproval);
  const [count, setCount] = useState(String(settings.requiredApprovals));
  const fieldErrors = update.error && "fieldErrors" in update.error ? (update.error as { fieldErrors(): Record<string, string> }).fieldErrors() : {};
  return (
    <form
      className="mb-6 max-w-xl space-y-4 rounded-lg border border-slate-200 bg-white p-5"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ requiresApproval, requiredApprovals: Number(count), version: settings.version }, { onSuccess: onDone });
      }}
    >
      <h2 className="text-sm font-semibold text-slate-900">Approval settings of {app}</h2>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" className="mt-0.5 h-4 w-4 accent-indigo-600" checked={requiresApproval} onChange={(e) => setRequiresApproval(e.target.checked)} />
        <span>
          Publishing needs approval
          <span className="block text-xs text-slate-500">Without it, an editor&apos;s publish is released at once. Automatic version publishes of the DAG never wait.</span>
        </span>
      </label>
      <Field label="Approvals needed" htmlFor="required-approvals" error={fieldErrors.requiredApprovals} hint="1 to 5 reviewers, never the requester.">
        <Input id="required-approvals" type="number" min={1} max={5} value={count} onChange={(e) => setCount(e.target.value)} disabled={!requiresApproval} className="w-24" invalid={Boolean(fieldErrors.requiredApprovals)} />
      </Field>
      {update.error && !Object.keys(fieldErrors).length ? <Alert tone="error">{update.error.message}</Alert> : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={update.isPending}>{update.isPending ? "Saving…" : "Save"}</Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
