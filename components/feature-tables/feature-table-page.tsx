"use client";

import { FeatureTableUsedByCard } from "@/components/used-by/used-by-cards";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import type { FeatureTable } from "@/server/contracts/feature-tables";
import { FeatureTableForm } from "./feature-table-form";
import { LoadRowsCard } from "./load-rows-card";
import { LookupResultView } from "./lookup-result";
import { useFeatureTable, useFeatureTableHealth, useLookupKey } from "./use-feature-tables";

export function FeatureTablePage({ name, canEdit }: { name: string; canEdit: boolean }) {
  const { data: table, isLoading, error } = useFeatureTable(name);
  const [editing, setEditing] = useState(false);

  if (isLoading) return <Loading />;
  if (error || !table) {
    return (
      <>
        <PageHeader title={name} />
        <Alert tone="error" title="Could not load this table">{error?.message ?? "Not found."}</Alert>
        <p className="mt-4 text-sm"><Link href="/feature-tables" className="text-indigo-700 hover:underline">← All feature tables</Link></p>
      </>
    );
  }
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/feature-tables" className="text-indigo-700 hover:underline">← Feature tables</Link></p>
      <PageHeader
        title={table.name}
        description={table.description || undefined}
        actions={canEdit && !editing ? <Button onClick={() => setEditing(true)}>Edit</Button> : null}
      />
      <div className="space-y-6">
        {editing ? (
          <Card title={`Edit ${table.name}`} actions={<Button size="sm" variant="ghost" onClick={() => setEditing(false)}>Cancel</Button>}>
            <FeatureTableForm table={table} onDone={() => setEditing(false)} />
          </Card>
        ) : null}
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-[2fr_1fr]">
          <Overview table={table} />
          <HealthCard name={table.name} />
        </div>
        <FeatureTableUsedByCard table={table.name} />
        <LookupCard table={table} />
        {canEdit ? <LoadRowsCard table={table} /> : null}
      </div>
    </>
  );
}

function Overview({ table }: { table: FeatureTable }) {
  const rows: [string, React.ReactNode][] = [
    ["Operator", <Badge key="op" tone="indigo">{table.operator}</Badge>],
    ["Storage", table.storage === "builtin" ? "Built-in (console database)" : `Redis · ${table.connection?.name ?? "no connection"}${table.keyPrefix ? ` · prefix ${table.keyPrefix}` : ""}`],
    ["Value encoding", <code key="enc" className="font-mono text-xs">{table.encoding}</code>],
    ["Keys", table.keys === null ? "not counted (Redis is not scanned)" : table.keys.toLocaleString()],
    ["Key", table.keyDescription ? <code key="k" className="font-mono text-xs">{table.keyDescription}</code> : <span className="text-slate-400">not described</span>],
    ["Owner", table.owner || <span className="text-slate-400">—</span>],
    ["Last change", `${new Date(table.updatedAt).toLocaleString()} by ${table.updatedBy} (version ${table.version})`],
  ];
  return (
    <Card title="Definition">
      <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="text-slate-800">{v}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function HealthCard({ name }: { name: string }) {
  const health = useFeatureTableHealth(name);
  return (
    <Card title="Connection health" actions={<Button size="sm" onClick={() => health.refetch()} disabled={health.isFetching}>Check now</Button>}>
      {health.isLoading ? <Loading label="Checking…" /> : null}
      {health.error ? <Alert tone="error">{health.error.message}</Alert> : null}
      {health.data ? (
        <div className="space-y-1" data-testid="table-health">
          <p className="flex items-center gap-2 text-sm font-medium">
            <span className={`h-2.5 w-2.5 rounded-full ${health.data.ok ? "bg-emerald-500" : "bg-red-500"}`} aria-hidden />
            {health.data.ok ? "Answering" : "Not answering"}
            <span className="text-xs font-normal text-slate-400">{health.data.ms} ms</span>
          </p>
          <p className="text-sm text-slate-600">{health.data.detail}</p>
        </div>
      ) : null}
    </Card>
  );
}

function LookupCard({ table }: { table: FeatureTable }) {
  const [key, setKey] = useState("");
  const lookup = useLookupKey();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (key.trim()) lookup.mutate({ table: table.name, key: key.trim() });
  }
  return (
    <Card title="Look up a key">
      <form onSubmit={submit} aria-label="Look up a key" className="space-y-4">
        <div className="flex items-end gap-2">
          <Field label="Rendered key" htmlFor="lookup-key" className="flex-1" hint={table.keyDescription ? `Built as ${table.keyDescription}` : undefined}>
            <Input id="lookup-key" value={key} onChange={(e) => setKey(e.target.value)} placeholder="e.g. 234|20200116" className="font-mono" autoComplete="off" />
          </Field>
          <Button type="submit" variant="primary" disabled={!key.trim() || lookup.isPending} className={table.keyDescription ? "mb-5" : undefined}>Look up</Button>
        </div>
        {lookup.error ? <Alert tone="error">{lookup.error.message}</Alert> : null}
        {lookup.data ? <LookupResultView result={lookup.data} /> : null}
      </form>
    </Card>
  );
}
