"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import type { z } from "zod";
import { Alert } from "./alert";
import { Button } from "./button";
import { Card } from "./card";
import { Field, Input } from "./field";
import { Table, Td, Th } from "./table";
import { useSchemaForm } from "./use-schema-form";

interface AllowListEntry {
  id: string;
  description: string;
  createdAt: string;
  createdBy: string;
}

export interface AllowListCardProps<E extends AllowListEntry, S extends z.ZodType, R> {
  title: string;
  intro: ReactNode;
  /** The form's accessible name, e.g. "Allow a hook URL". */
  formLabel: string;
  /** The entry input: its field name in the schema, label, example hint and element id. */
  entry: { name: string; label: string; hint: string; id: string; mono?: boolean };
  submitLabel: string;
  schema: S;
  add: (input: z.output<S>) => Promise<R>;
  adding: boolean;
  /** Shown above the form after a successful add (a secret shown once, say). */
  added?: (result: R, dismiss: () => void) => ReactNode;
  entries: E[] | undefined;
  loadError: Error | null;
  remove: { mutate: (id: string) => void; isPending: boolean; error: Error | null };
  /** Columns between the entry and Description. */
  columns?: { header: string; cell: (entry: E) => ReactNode }[];
  entryOf: (entry: E) => string;
  caption: string;
  empty: string;
}

/** An admin allow-list: add an entry with a description, list them, remove one. */
export function AllowListCard<E extends AllowListEntry, S extends z.ZodType, R>(props: AllowListCardProps<E, S, R>) {
  const [value, setValue] = useState("");
  const [description, setDescription] = useState("");
  const [result, setResult] = useState<R | null>(null);
  const { errors, submit: send } = useSchemaForm(props.schema, props.add);
  const { entry, remove } = props;
  const descriptionId = `${entry.id}-description`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await send({ [entry.name]: value, description });
    if (r === undefined) return;
    setResult(r);
    setValue("");
    setDescription("");
  }

  return (
    <Card title={props.title}>
      <p className="mb-3 text-sm text-slate-600">{props.intro}</p>
      <form onSubmit={submit} noValidate aria-label={props.formLabel} className="space-y-3">
        {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
        {result !== null && props.added ? props.added(result, () => setResult(null)) : null}
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <Field label={entry.label} htmlFor={entry.id} error={errors[entry.name]} hint={entry.hint}>
            <Input id={entry.id} value={value} invalid={!!errors[entry.name]} onChange={(e) => setValue(e.target.value)} className={entry.mono ? "font-mono" : undefined} />
          </Field>
          <Field label="Description" htmlFor={descriptionId} error={errors.description}>
            <Input id={descriptionId} value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </div>
        <Button type="submit" variant="primary" disabled={props.adding}>
          {props.submitLabel}
        </Button>
      </form>
      <div className="mt-6">
        {props.loadError ? <Alert tone="error">{props.loadError.message}</Alert> : null}
        {remove.error ? <Alert tone="error">{remove.error.message}</Alert> : null}
        {props.entries && props.entries.length === 0 ? <p className="text-sm text-slate-500">{props.empty}</p> : null}
        {props.entries && props.entries.length > 0 ? (
          <Table caption={props.caption}>
            <thead>
              <tr>
                <Th>{entry.label}</Th>
                {props.columns?.map((c) => <Th key={c.header}>{c.header}</Th>)}
                <Th>Description</Th>
                <Th>Added</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {props.entries.map((a) => (
                <tr key={a.id}>
                  <Td className="font-mono text-xs">{props.entryOf(a)}</Td>
                  {props.columns?.map((c) => <Td key={c.header}>{c.cell(a)}</Td>)}
                  <Td>{a.description}</Td>
                  <Td className="text-xs text-slate-500">
                    {new Date(a.createdAt).toLocaleDateString()} by {a.createdBy}
                  </Td>
                  <Td className="text-right">
                    <Button size="sm" variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(a.id)} aria-label={`Remove ${props.entryOf(a)}`}>
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
