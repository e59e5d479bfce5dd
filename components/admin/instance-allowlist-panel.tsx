"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { useSchemaForm } from "@/components/ui/use-schema-form";
import { CreateAllowlistEntrySchema } from "@/server/contracts/instance-allowlist";
import { useAddAllowlistEntry, useInstanceAllowlist, useRemoveAllowlistEntry } from "./use-instance-allowlist";

const KIND_LABEL = { ip: "IP address", cidr: "Network", host: "Host name" } as const;

/** Admin: the hosts and networks at which model server instances may be registered. */
export function InstanceAllowlistPanel() {
  const { data, error } = useInstanceAllowlist();
  const add = useAddAllowlistEntry();
  const remove = useRemoveAllowlistEntry();
  const [entry, setEntry] = useState("");
  const [description, setDescription] = useState("");
  const { errors, submit: send } = useSchemaForm(CreateAllowlistEntrySchema, (input) => add.mutateAsync(input));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!(await send({ entry, description }))) return;
    setEntry("");
    setDescription("");
  }

  return (
    <Card title="Instance allow-list">
      <p className="mb-3 text-sm text-slate-600">
        Model server instances (by a registry token or an editor) are registered, and so reached by the console, only at these hosts and networks. Only the
        host as written is checked: a host name entry trusts DNS for that name.
      </p>
      <form onSubmit={submit} noValidate aria-label="Allow instance hosts" className="space-y-3">
        {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <Field label="Host, IP or network" htmlFor="allow-entry" error={errors.entry} hint="e.g. 10.0.0.0/8, 10.1.2.3, tfs-*.prod.internal (* inside one label)">
            <Input id="allow-entry" value={entry} invalid={!!errors.entry} onChange={(e) => setEntry(e.target.value)} className="font-mono" />
          </Field>
          <Field label="Description" htmlFor="allow-description" error={errors.description}>
            <Input id="allow-description" value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </div>
        <Button type="submit" variant="primary" disabled={add.isPending}>
          Allow
        </Button>
      </form>
      <div className="mt-6">
        {error ? <Alert tone="error">{error.message}</Alert> : null}
        {remove.error ? <Alert tone="error">{remove.error.message}</Alert> : null}
        {data && data.length === 0 ? <p className="text-sm text-slate-500">Nothing is allowed yet: no model server instance can be registered until an entry is.</p> : null}
        {data && data.length > 0 ? (
          <Table caption="Allowed instance hosts and networks">
            <thead>
              <tr>
                <Th>Entry</Th>
                <Th>Kind</Th>
                <Th>Description</Th>
                <Th>Added</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((a) => (
                <tr key={a.id}>
                  <Td className="font-mono text-xs">{a.entry}</Td>
                  <Td>{KIND_LABEL[a.kind]}</Td>
                  <Td>{a.description}</Td>
                  <Td className="text-xs text-slate-500">
                    {new Date(a.createdAt).toLocaleDateString()} by {a.createdBy}
                  </Td>
                  <Td className="text-right">
                    <Button size="sm" variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(a.id)} aria-label={`Remove ${a.entry}`}>
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
