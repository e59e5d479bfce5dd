"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useNotificationWebhook, useSetNotificationWebhook } from "./use-notifications";

/**
 * The app's notification webhook (Slack-compatible, signed like DAG hooks). Editors and admins
 * set it; the URL must already be on the hook allow-list, which an admin keeps (Admin page).
 */
export function NotificationWebhookCard({ app, canEdit }: { app: string; canEdit: boolean }) {
  const current = useNotificationWebhook(app);
  const save = useSetNotificationWebhook(app);
  const [draft, setDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const value = draft ?? current.data?.url ?? "";

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const url = value.trim() === "" ? null : value.trim();
    try {
      await save.mutateAsync({ url });
      setDraft(null);
      setSaved(url ? "Saved: decisions and deliveries of this app are posted there." : "Removed: nothing is posted any more.");
    } catch {
      // shown below from save.error
    }
  }

  return (
    <Card title="Notification webhook" className="mt-6">
      <form onSubmit={submit} className="space-y-3" aria-label="Notification webhook">
        <Field
          label="Webhook URL"
          htmlFor="notification-webhook-url"
          error={save.error?.message}
          hint={
            <>
              Optional. Approvals, rejections (with the reason), deliveries and failures of this app are POSTed there as Slack-compatible JSON
              (<code>text</code>, <code>blocks</code>, plus <code>app</code>, <code>kind</code>, <code>changeRequestId</code>, <code>releaseId</code>), signed
              with <code>X-Scoring-Signature</code>. The URL must be on the hook allow-list (Admin page). Leave empty for none.
            </>
          }
        >
          <Input
            id="notification-webhook-url"
            type="url"
            inputMode="url"
            placeholder="https://hooks.example.com/scoring"
            value={value}
            onChange={(e) => setDraft(e.target.value)}
            disabled={!canEdit || current.isLoading}
            invalid={Boolean(save.error)}
            aria-describedby={save.error ? "notification-webhook-url-error" : undefined}
          />
        </Field>
        {current.data?.updatedBy ? <p className="text-xs text-slate-500">Last set by {current.data.updatedBy}.</p> : null}
        {saved ? <Alert tone="success">{saved}</Alert> : null}
        {canEdit ? (
          <Button type="submit" variant="primary" disabled={save.isPending || draft === null}>
            {save.isPending ? "Saving…" : "Save webhook"}
          </Button>
        ) : (
          <p className="text-xs text-slate-500">Editors and admins set the webhook.</p>
        )}
      </form>
    </Card>
  );
}
