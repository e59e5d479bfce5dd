"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { FeatureTableForm } from "./feature-table-form";
import { TemplateTester } from "./template-tester";
import { useFeatureTables } from "./use-feature-tables";

export function FeatureTablesList({ canEdit }: { canEdit: boolean }) {
  const { data, isLoading, error } = useFeatureTables();
  const [registering, setRegistering] = useState(false);
  const router = useRouter();
  const registerButton = canEdit && !registering ? <Button variant="primary" onClick={() => setRegistering(true)}>Register a table</Button> : null;

  return (
    <>
      <PageHeader
        title="Feature tables"
        description="Tables that query templates read with getKV and getKKV. The business sees tables and keys; the storage behind them (built-in, Redis) stays hidden."
        actions={registerButton}
      />
      <div className="space-y-6">
        {registering ? (
          <Card title="Register a feature table" actions={<Button size="sm" variant="ghost" onClick={() => setRegistering(false)}>Cancel</Button>}>
            <FeatureTableForm onDone={(t) => router.push(`/feature-tables/${encodeURIComponent(t.name)}`)} />
          </Card>
        ) : null}
        {isLoading ? <Loading /> : null}
        {error ? <Alert tone="error" title="Could not load feature tables">{error.message}</Alert> : null}
        {data && data.length === 0 ? (
          <EmptyState title="No feature tables registered" action={registerButton}>
            Register a table so solutions&apos; query templates can name it, then load sample rows into it.
          </EmptyState>
        ) : null}
        {data && data.length > 0 ? (
          <Table caption="Feature tables">
            <thead>
              <tr>
                <Th>Table</Th>
                <Th>Operator</Th>
                <Th>Storage</Th>
                <Th>Encoding</Th>
                <Th className="text-right">Keys</Th>
                <Th>Owner</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((t) => (
                <tr key={t.name} data-testid={`table-row-${t.name}`}>
                  <Td className="max-w-md">
                    <Link href={`/feature-tables/${encodeURIComponent(t.name)}`} className="font-mono font-medium text-indigo-700 hover:underline">{t.name}</Link>
                    {t.description ? <p className="truncate text-xs text-slate-500" title={t.description}>{t.description}</p> : null}
                  </Td>
                  <Td><Badge tone="indigo">{t.operator}</Badge></Td>
                  <Td className="text-xs">{t.storage === "builtin" ? "built-in" : `Redis · ${t.connection?.name ?? "no connection"}`}</Td>
                  <Td className="font-mono text-xs">{t.encoding}</Td>
                  <Td className="text-right tabular-nums">{t.keys === null ? <span className="text-xs text-slate-400">n/a</span> : t.keys.toLocaleString()}</Td>
                  <Td className="text-xs">{t.owner || <span className="text-slate-400">—</span>}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : null}
        {data && data.length > 0 ? <TemplateTester /> : null}
      </div>
    </>
  );
}
