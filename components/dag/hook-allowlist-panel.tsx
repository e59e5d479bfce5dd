"use client";

import { useState, type FormEvent } from "react";
import { SecretOnce } from "@/components/admin/secret-once";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { useSchemaForm } from "@/components/ui/use-schema-form";
import { CreateHookEndpointSchema } from "@/server/contracts/hook-allowlist";
import { useAddHookEndpoint, useHookAllowlist, useRemoveHookEndpoint } from "./use-dag";

/** Admin: the URLs trigger hooks and alert webhooks may call, each with its signing secret. */
export function HookAllowlistPanel() {
  const { data, error } = useHookAllowlist();
  const add = useAddHookEndpoint();
  const remove = useRemoveHookEndpoint();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const { errors, submit: send } = useSchemaForm(CreateHookEndpointSchema, (input) => add.mutateAsync(input));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await send({ url, description });
    if (!r) return;
    setSecret({ url: r.endpoint.url, secret: r.secret });
    setUrl("");
    setDescription("");
  }

  return (
    <Card title="Hook allow-list">
      <p className="mb-3 text-sm text-slate-600">
        Trigger nodes of the version DAG may call only these URLs. Each request carries <span className="font-mono text-xs">X-Scoring-Signature: sha256=…</span>, an
        HMAC-SHA256 of the body with the URL&apos;s secret.
      </p>
      <form onSubmit={submit} noValidate aria-label="Allow a hook URL" className="space-y-3">
        {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
        {secret ? <SecretOnce label={`Signing secret of ${secret.url}`} secret={secret.secret} onDismiss={() => setSecret(null)} /> : null}
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <Field label="URL" htmlFor="hook-url" error={errors.url} hint="e.g. https://loader.internal/hooks/load">
            <Input id="hook-url" value={url} invalid={!!errors.url} onChange={(e) => setUrl(e.target.value)} />
          </Field>
          <Field label="Description" htmlFor="hook-description" error={errors.description}>
            <Input id="hook-description" value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </div>
        <Button type="submit" variant="primary" disabled={add.isPending}>
          Allow URL
        </Button>
      </form>
      <div className="mt-6">
        {error ? <Alert tone="error">{error.message}</Alert> : null}
        {remove.error ? <Alert tone="error">{remove.error.message}</Alert> : null}
        {data && data.length === 0 ? <p className="text-sm text-slate-500">No URL is allowed yet: trigger nodes cannot be saved until one is.</p> : null}
        {data && data.length > 0 ? (
          <Table caption="Allowed hook URLs">
            <thead>
              <tr>
                <Th>URL</Th>
                <Th>Description</Th>
                <Th>Added</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((h) => (
                <tr key={h.id}>
                  <Td className="font-mono text-xs">{h.url}</Td>
                  <Td>{h.description}</Td>
                  <Td className="text-xs text-slate-500">
                    {new Date(h.createdAt).toLocaleDateString()} by {h.createdBy}
                  </Td>
                  <Td className="text-right">
                    <Button size="sm" variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(h.id)}>
                      Remove
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : null}
      </div>
    </Card>
  );
}
