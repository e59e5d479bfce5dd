"use client";

import Link from "next/link";
import { useApps } from "./use-apps";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";

export function AppsList({ canEdit }: { canEdit: boolean }) {
  const { data, isLoading, error } = useApps();
  const newButton = canEdit ? (
    <Link href="/apps/new">
      <Button variant="primary" tabIndex={-1}>New app</Button>
    </Link>
  ) : null;

  return (
    <>
      <PageHeader
        title="Apps"
        description="A business scenario that is scored (favpush, search ranking…). Each app hashes one origin field into its buckets, and every bucket belongs to exactly one solution."
        actions={newButton}
      />
      {isLoading ? <Loading /> : null}
      {error ? <Alert tone="error" title="Could not load apps">{error.message}</Alert> : null}
      {data && data.length === 0 ? (
        <EmptyState title="No apps yet" action={newButton}>
          Create an app to configure its solutions, feature queries and version DAG.
        </EmptyState>
      ) : null}
      {data && data.length > 0 ? (
        <Table caption="Apps">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Description</Th>
              <Th className="text-right">Buckets</Th>
              <Th>Hash key</Th>
              <Th>Origin fields</Th>
              <Th>Item fields</Th>
              <Th>Last change</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.map((app) => (
              <tr key={app.id} className="hover:bg-slate-50">
                <Td>
                  <Link href={`/apps/${app.name}`} className="font-medium text-indigo-700 hover:underline">
                    {app.name}
                  </Link>
                </Td>
                <Td className="max-w-md text-slate-600">{app.description || <span className="text-slate-400">—</span>}</Td>
                <Td className="text-right tabular-nums">{app.bucketCount.toLocaleString()}</Td>
                <Td className="font-mono text-xs">{app.hashKey}</Td>
                <Td className="font-mono text-xs">{app.originFields.map((f) => `${f.name}:${f.type}`).join(", ")}</Td>
                <Td className="font-mono text-xs">{app.itemFields.length ? app.itemFields.map((f) => `${f.name}:${f.type}`).join(", ") : <span className="text-slate-400">—</span>}</Td>
                {/* Two lines, so the table fits 1024 px without scrolling sideways. */}
                <Td className="text-xs text-slate-500">
                  <span className="block whitespace-nowrap">
                    v{app.version} · {app.updatedBy}
                  </span>
                  <span className="block whitespace-nowrap">{new Date(app.updatedAt).toLocaleString()}</span>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </>
  );
}
