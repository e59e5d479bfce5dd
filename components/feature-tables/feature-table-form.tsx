"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { useSchemaForm } from "@/components/ui/use-schema-form";
import { useUnsavedValues } from "@/components/ui/use-unsaved-changes";
import { CreateFeatureTableSchema, UpdateFeatureTableSchema, type FeatureTable, type StorageKind } from "@/server/contracts/feature-tables";
import { FEATURE_OPERATORS, VALUE_ENCODINGS, type FeatureOperator, type ValueEncoding } from "@/server/contracts/features";
import { useConnections, useCreateFeatureTable, useUpdateFeatureTable } from "./use-feature-tables";

const ENCODING_LABELS: Record<ValueEncoding, string> = {
  json: "JSON (any value)",
  float_vector: "Float vector (comma separated or JSON array)",
  string: "String (the text itself)",
};

const OPERATOR_LABELS: Record<FeatureOperator, string> = {
  getKV: "getKV — one value per key",
  getKKV: "getKKV — a map (field → value) per key",
};

/** Register a table (no `table`) or edit one. The storage stays hidden from the business: only staff see this. */
export function FeatureTableForm({ table, onDone }: { table?: FeatureTable; onDone: (t: FeatureTable) => void }) {
  const create = useCreateFeatureTable();
  const update = useUpdateFeatureTable(table?.name ?? "");
  const [name, setName] = useState(table?.name ?? "");
  const [operator, setOperator] = useState<FeatureOperator>(table?.operator ?? "getKV");
  const [storage, setStorage] = useState<StorageKind>(table?.storage ?? "builtin");
  const [connectionId, setConnectionId] = useState(table?.connection?.id ?? "");
  const [keyPrefix, setKeyPrefix] = useState(table?.keyPrefix ?? "");
  const [encoding, setEncoding] = useState<ValueEncoding>(table?.encoding ?? "json");
  const [keyDescription, setKeyDescription] = useState(table?.keyDescription ?? "");
  const [owner, setOwner] = useState(table?.owner ?? "");
  const [description, setDescription] = useState(table?.description ?? "");
  const connections = useConnections(storage === "redis");
  useUnsavedValues({ name, operator, storage, connectionId, keyPrefix, encoding, keyDescription, owner, description });
  const form = useSchemaForm(table ? UpdateFeatureTableSchema : CreateFeatureTableSchema, (input) =>
    table ? update.mutateAsync(input as never) : create.mutateAsync(input as never),
  );
  const { errors } = form;
  const pending = create.isPending || update.isPending;
  const locked = table !== undefined && (table.keys ?? 0) > 0 && table.storage === "builtin";

  async function submit(e: FormEvent) {
    e.preventDefault();
    const common = {
      operator,
      storage,
      connectionId: storage === "redis" ? connectionId || null : null,
      keyPrefix: storage === "redis" ? keyPrefix : "",
      encoding,
      keyDescription,
      owner,
      description,
    };
    const saved = await form.submit(table ? { ...common, version: table.version } : { ...common, name });
    if (saved) onDone(saved);
  }

  const id = (f: string) => `table-${f}`;
  return (
    <form onSubmit={submit} noValidate aria-label={table ? `Edit ${table.name}` : "Register a feature table"} className="space-y-4">
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        {table ? null : (
          <Field label="Name" htmlFor={id("name")} error={errors.name} hint="What templates name, e.g. user_tbl.">
            <Input id={id("name")} value={name} invalid={!!errors.name} onChange={(e) => setName(e.target.value)} autoComplete="off" className="font-mono" />
          </Field>
        )}
        <Field label="Operator served" htmlFor={id("operator")} error={errors.operator} hint={locked ? "Fixed while the table holds rows." : undefined}>
          <Select id={id("operator")} value={operator} disabled={locked} onChange={(e) => setOperator(e.target.value as FeatureOperator)}>
            {FEATURE_OPERATORS.map((o) => (
              <option key={o} value={o}>{OPERATOR_LABELS[o]}</option>
            ))}
          </Select>
        </Field>
        <Field label="Value encoding" htmlFor={id("encoding")} error={errors.encoding} hint={locked ? "Fixed while the table holds rows." : undefined}>
          <Select id={id("encoding")} value={encoding} disabled={locked} onChange={(e) => setEncoding(e.target.value as ValueEncoding)}>
            {VALUE_ENCODINGS.map((v) => (
              <option key={v} value={v}>{ENCODING_LABELS[v]}</option>
            ))}
          </Select>
        </Field>
        <Field label="Storage" htmlFor={id("storage")} error={errors.storage} hint="Built-in keeps rows in the console's database (demos, tests); Redis reads an admin-managed connection.">
          <Select id={id("storage")} value={storage} onChange={(e) => setStorage(e.target.value as StorageKind)}>
            <option value="builtin">Built-in</option>
            <option value="redis">Redis</option>
          </Select>
        </Field>
        {storage === "redis" ? (
          <>
            <Field
              label="Connection"
              htmlFor={id("connection")}
              error={errors.connectionId}
              hint={connections.data?.length === 0 ? "No connections yet: an admin adds them under Admin → Connections." : "Managed by admins."}
            >
              <Select id={id("connection")} value={connectionId} invalid={!!errors.connectionId} onChange={(e) => setConnectionId(e.target.value)}>
                <option value="">Choose a connection…</option>
                {(connections.data ?? []).map((c) => (
                  <option key={c.id} value={c.id}>{`${c.name} (${c.host}:${c.port}/${c.database})`}</option>
                ))}
              </Select>
            </Field>
            <Field label="Key prefix" htmlFor={id("prefix")} error={errors.keyPrefix} hint={prefixHint((connections.data ?? []).find((c) => c.id === connectionId)?.keyPrefixes)}>
              <Input id={id("prefix")} value={keyPrefix} onChange={(e) => setKeyPrefix(e.target.value)} className="font-mono" />
            </Field>
          </>
        ) : null}
        <Field label="Key description" htmlFor={id("key")} error={errors.keyDescription} hint="How keys are built, e.g. {uid}|{version:favpush_vec_v2}.">
          <Input id={id("key")} value={keyDescription} onChange={(e) => setKeyDescription(e.target.value)} />
        </Field>
        <Field label="Owner" htmlFor={id("owner")} error={errors.owner} hint="The team to ask about this data.">
          <Input id={id("owner")} value={owner} onChange={(e) => setOwner(e.target.value)} />
        </Field>
        <Field label="Description" htmlFor={id("description")} error={errors.description} className="md:col-span-2">
          <Textarea id={id("description")} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>{table ? "Save changes" : "Register table"}</Button>
      </div>
    </form>
  );
}

function prefixHint(allowed: string[] | undefined): string {
  const rule = "Put before every key in Redis; required. It must not hold, nor be held by, another table's prefix on the connection.";
  if (!allowed) return rule;
  if (allowed.length === 0) return "This connection allows no key prefix yet: an admin declares them under Admin → Connections.";
  return `Starts with ${allowed.join(" or ")}, e.g. ${allowed[0]}user:. ${rule}`;
}
