"use client";

import { useState, type FormEvent, type KeyboardEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { apiErrorToErrors, issuesToErrors, type FormErrors } from "@/components/ui/use-schema-form";
import { CreateSampleRequestSchema } from "@/server/contracts/verification";
import { useCreateSampleRequest } from "./use-samples";

/**
 * Admins type a sample request: a name and the origin as JSON, checked with the API's own
 * schema before sending; errors show under their field. Ctrl+Enter in the JSON adds it too.
 */
export function AddSampleForm({ app, originFields, onAdded }: { app: string; originFields: string[]; onAdded?: (name: string) => void }) {
  const create = useCreateSampleRequest(app);
  const [name, setName] = useState("");
  const [origin, setOrigin] = useState("");
  const [errors, setErrors] = useState<FormErrors>({});
  const example = JSON.stringify(Object.fromEntries(originFields.map((f, i) => [f, i === 0 ? 7 : 101])));

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    let parsedOrigin: unknown;
    try {
      parsedOrigin = JSON.parse(origin);
    } catch (err) {
      const checked = CreateSampleRequestSchema.shape.name.safeParse(name);
      setErrors({ origin: origin.trim() ? `Not JSON: ${(err as Error).message}` : `Type the request as JSON, e.g. ${example}`, ...(checked.success ? {} : { name: checked.error.issues[0]!.message }) });
      return;
    }
    const checked = CreateSampleRequestSchema.safeParse({ name, origin: parsedOrigin });
    if (!checked.success) return setErrors(issuesToErrors(checked.error.issues));
    if (Object.keys(checked.data.origin).length === 0) return setErrors({ origin: `The origin is empty: give the request fields, e.g. ${example}` });
    setErrors({});
    try {
      const created = await create.mutateAsync(checked.data);
      setName("");
      setOrigin("");
      onAdded?.(created.name);
    } catch (err) {
      setErrors(apiErrorToErrors(err));
    }
  }

  const submitOnCtrlEnter = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit(e as unknown as FormEvent);
  };

  const fieldError = errors.name || errors.origin;
  return (
    <form onSubmit={submit} noValidate aria-label="Add a sample request" className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4">
      <h3 className="text-sm font-semibold text-slate-900">Add a sample request</h3>
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <Field label="Name" htmlFor="sample-name" error={errors.name} hint="What it stands for, e.g. “new user, no clicks”.">
          <Input id="sample-name" value={name} maxLength={100} invalid={!!errors.name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Request (origin JSON)" htmlFor="sample-origin" error={errors.origin} hint={<>The fields a scoring request carries. Ctrl+Enter adds it.</>}>
          <Textarea
            id="sample-origin"
            rows={3}
            spellCheck={false}
            className="font-mono text-xs"
            placeholder={`e.g. ${example}`}
            value={origin}
            invalid={!!errors.origin}
            aria-describedby={errors.origin ? "sample-origin-error" : undefined}
            onChange={(e) => setOrigin(e.target.value)}
            onKeyDown={submitOnCtrlEnter}
          />
        </Field>
      </div>
      {errors.form && !fieldError ? <Alert tone="error" title="Not added">{errors.form}</Alert> : null}
      <Button type="submit" variant="primary" disabled={create.isPending}>{create.isPending ? "Adding…" : "Add sample"}</Button>
    </form>
  );
}
