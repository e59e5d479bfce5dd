"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { apiErrorToErrors, issuesToErrors } from "@/components/ui/use-schema-form";
import { useUnsavedValues } from "@/components/ui/use-unsaved-changes";
import { CreateAppSchema, MAX_ITEM_FIELDS, type App, type LiveBucketSettings } from "@/server/contracts/apps";
import { diffApps, draftFromApp, EMPTY_DRAFT, inputFromDraft, type AppDraft } from "./app-draft";
import { BucketSettingsNotice } from "./bucket-settings-notice";
import { ConflictNotice } from "./conflict-notice";
import { FieldsEditor } from "./fields-editor";
import { useCreateApp, useUpdateApp } from "./use-apps";

/**
 * Create (no `app`) or edit an app. The same zod schema as the API validates before sending.
 * Saved bucket settings are pending until the next reviewed publish (`live` is what scoring
 * services hold).
 */
export function AppForm({ app, canEdit }: { app?: App & { live?: LiveBucketSettings | null }; canEdit: boolean }) {
  const router = useRouter();
  const [draft, setDraft] = useState<AppDraft>(app ? draftFromApp(app) : EMPTY_DRAFT);
  const [baseVersion, setBaseVersion] = useState(app?.version ?? 0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<App | null>(null);
  // The draft as it was saved: the notice shows until the next edit makes another draft.
  const [savedDraft, setSavedDraft] = useState<AppDraft | null>(null);
  const saved = savedDraft === draft;
  const create = useCreateApp();
  const update = useUpdateApp(app?.name ?? "");
  const pending = create.isPending || update.isPending;
  const editing = !!app;
  const unsaved = useUnsavedValues(draft);

  const set = <K extends keyof AppDraft>(key: K, v: AppDraft[K]) => setDraft((d) => ({ ...d, [key]: v }));
  // What the origin and the item fields editors share: they differ only in bounds and wording.
  const fieldsEditor = (kind: "origin" | "item") => {
    const key = kind === "origin" ? "originFields" : "itemFields";
    return { kind, value: draft[key], onChange: (v: AppDraft[typeof key]) => set(key, v), errors, disabled: !canEdit };
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = inputFromDraft(draft);
    const checked = CreateAppSchema.safeParse(editing ? { ...input, name: app.name } : input);
    if (!checked.success) {
      setErrors(issuesToErrors(checked.error.issues));
      return;
    }
    setErrors({});
    try {
      if (editing) {
        const updated = await update.mutateAsync({ ...input, version: baseVersion });
        setBaseVersion(updated.version);
        setConflict(null);
        setSavedDraft(draft);
        unsaved.markSaved(draft);
      } else {
        const created = await create.mutateAsync(input);
        router.push(`/apps/${created.name}`);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && editing) {
        setConflict((err.details as { current: App }).current);
      } else {
        setErrors(apiErrorToErrors(err));
      }
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-6" aria-label={editing ? `Edit app ${app.name}` : "New app"}>
      {conflict ? (
        <ConflictNotice
          theirs={conflict}
          rows={diffApps(draft, conflict)}
          onTakeTheirs={() => {
            setDraft(draftFromApp(conflict));
            setBaseVersion(conflict.version);
            setConflict(null);
          }}
          onKeepMine={() => {
            setBaseVersion(conflict.version);
            setConflict(null);
          }}
        />
      ) : null}
      {errors.form ? <Alert tone="error" title="Not saved">{errors.form}</Alert> : null}
      {saved ? <Alert tone="success">Saved. This app is now at version {baseVersion}.</Alert> : null}

      <Card title="Identity">
        <div className="grid grid-cols-1 gap-5 lg:grid-cols-2">
          <Field label="Name" htmlFor="app-name" error={errors.name} hint={editing ? "The name is how scoring services find the app; it cannot change." : "Lower-case, e.g. favpush"}>
            <Input id="app-name" value={draft.name} invalid={!!errors.name} disabled={editing || !canEdit} autoFocus={!editing} onChange={(e) => set("name", e.target.value)} />
          </Field>
          <Field label="Description" htmlFor="app-description" error={errors.description}>
            <Textarea id="app-description" rows={2} value={draft.description} disabled={!canEdit} onChange={(e) => set("description", e.target.value)} />
          </Field>
        </div>
      </Card>

      <Card title="Bucketing">
        {editing ? (
          <div className="mb-5">
            <BucketSettingsNotice app={app} live={app.live ?? null} />
          </div>
        ) : null}
        <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
          <Field label="Bucket count" htmlFor="app-bucket-count" error={errors.bucketCount} hint="1 to 10,000; 10 is a common start.">
            <Input id="app-bucket-count" inputMode="numeric" value={draft.bucketCount} invalid={!!errors.bucketCount} disabled={!canEdit} onChange={(e) => set("bucketCount", e.target.value)} />
          </Field>
          <Field label="Hash key" htmlFor="app-hash-key" error={errors.hashKey} hint="The origin field that picks the bucket.">
            <Select id="app-hash-key" value={draft.hashKey} invalid={!!errors.hashKey} disabled={!canEdit} onChange={(e) => set("hashKey", e.target.value)}>
              {!draft.originFields.some((f) => f.name === draft.hashKey) ? <option value={draft.hashKey}>{draft.hashKey || "—"}</option> : null}
              {draft.originFields.filter((f) => f.name).map((f) => (
                <option key={f.name} value={f.name}>{f.name}</option>
              ))}
            </Select>
          </Field>
          <Field label="Salt" htmlFor="app-salt" error={errors.salt} hint={editing ? "A new salt moves nearly every user to another bucket, with the next reviewed publish." : "Empty: the app name."}>
            <Input id="app-salt" value={draft.salt} placeholder={`defaults to ${draft.name || "the app name"}`} disabled={!canEdit} onChange={(e) => set("salt", e.target.value)} />
          </Field>
        </div>
        <div className="mt-6">
          <FieldsEditor {...fieldsEditor("origin")} min={1} description="The fields a scoring request carries in `origin`; templates may use these." />
        </div>
      </Card>

      <Card title="Batch scoring">
        <FieldsEditor
          {...fieldsEditor("item")}
          max={MAX_ITEM_FIELDS}
          description="The fields each item of a batch request carries in `items` (one user, many items): item i is scored with the origin plus its fields, and templates may use them too. A name cannot be both an origin and an item field. None: the app scores single requests only."
        />
      </Card>

      <div className="flex items-center gap-3">
        {canEdit ? (
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Saving…" : editing ? "Save changes" : "Create app"}
          </Button>
        ) : (
          <p className="text-sm text-slate-500">You can read this app; editing needs the editor role.</p>
        )}
        <Link href="/apps" className="text-sm text-slate-600 hover:underline">
          Back to apps
        </Link>
      </div>
    </form>
  );
}
