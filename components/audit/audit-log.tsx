"use client";

import { Fragment, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input } from "@/components/ui/field";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { useAudit, type AuditFilters } from "./use-audit";

const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function AuditLog() {
  const [form, setForm] = useState({ actor: "", app: "", kind: "", from: "", to: "" });
  const [filters, setFilters] = useState<AuditFilters>({});
  const [open, setOpen] = useState<number | null>(null);
  const { data, isLoading, error, fetchNextPage, hasNextPage, isFetchingNextPage } = useAudit(filters);
  const entries = data?.pages.flatMap((p) => p.entries) ?? [];

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters({ actor: form.actor || undefined, app: form.app || undefined, kind: form.kind || undefined, from: toIso(form.from), to: toIso(form.to) });
  }

  const input = (key: keyof typeof form, label: string, type = "text") => (
    <Field label={label} htmlFor={`audit-${key}`}>
      <Input id={`audit-${key}`} type={type} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </Field>
  );

  return (
    <>
      <PageHeader title="Audit log" description="Every change: who, when, what, and the state before and after. The log is append-only; nobody can edit or delete it." />
      <form onSubmit={apply} aria-label="Filter the audit log" className="mb-5 grid grid-cols-2 items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-3 xl:grid-cols-6">
        {input("actor", "Who")}
        {input("app", "App")}
        {input("kind", "Kind")}
        {input("from", "From", "datetime-local")}
        {input("to", "To", "datetime-local")}
        <div className="flex gap-2">
          <Button type="submit" variant="primary">Filter</Button>
          <Button
            onClick={() => {
              setForm({ actor: "", app: "", kind: "", from: "", to: "" });
              setFilters({});
            }}
          >
            Clear
          </Button>
        </div>
      </form>
      {isLoading ? <Loading /> : null}
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      {data && entries.length === 0 ? <EmptyState title="No entries match">Change the filters, or make a change somewhere: it will show up here.</EmptyState> : null}
      {entries.length > 0 ? (
        <Table caption="Audit entries">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>App</Th>
              <Th>What</Th>
              <Th>Target</Th>
              <Th className="text-right">Details</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.map((e) => (
              <Fragment key={e.id}>
                <tr data-testid="audit-row">
                  {/* Date over time, and long names wrapping anywhere: the table fits a 1024 px screen. */}
                  <Td className="text-xs text-slate-500">
                    <span className="whitespace-nowrap">{new Date(e.at).toLocaleDateString()}</span>{" "}
                    <span className="whitespace-nowrap">{new Date(e.at).toLocaleTimeString()}</span>
                  </Td>
                  <Td className="max-w-[14rem] [overflow-wrap:anywhere]">
                    {e.actorName} {e.actorType !== "user" ? <Badge>{e.actorType}</Badge> : null}
                  </Td>
                  <Td className="max-w-[10rem] font-mono text-xs [overflow-wrap:anywhere]">{e.app ?? "—"}</Td>
                  <Td>
                    <Badge tone="indigo">{e.kind}</Badge> <span className="[overflow-wrap:anywhere]">{e.action}</span>
                  </Td>
                  <Td className="max-w-[14rem] font-mono text-xs [overflow-wrap:anywhere]">{e.target}</Td>
                  <Td className="text-right">
                    {e.before || e.after ? (
                      <Button size="sm" variant="ghost" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                        {open === e.id ? "Hide" : "Before / after"}
                      </Button>
                    ) : null}
                  </Td>
                </tr>
                {open === e.id ? (
                  <tr>
                    <td colSpan={6} className="bg-slate-50 px-4 py-3">
                      <div className="grid grid-cols-2 gap-4">
                        {(["before", "after"] as const).map((k) => (
                          <div key={k}>
                            <p className="mb-1 text-xs font-semibold uppercase text-slate-500">{k}</p>
                            <pre className="max-h-72 overflow-auto rounded bg-white p-2 font-mono text-xs break-all whitespace-pre-wrap ring-1 ring-slate-200">{e[k] ? JSON.stringify(e[k], null, 2) : "—"}</pre>
                          </div>
                        ))}
                      </div>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </Table>
      ) : null}
      {hasNextPage ? (
        <div className="mt-4 flex justify-center">
          <Button onClick={() => fetchNextPage()} disabled={isFetchingNextPage}>{isFetchingNextPage ? "Loading…" : "Older entries"}</Button>
        </div>
      ) : null}
    </>
  );
}
