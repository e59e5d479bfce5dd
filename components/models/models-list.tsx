"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { ImportModelConf } from "./import-model-conf";
import { policySummary } from "./policy-summary";
import { useModels } from "./use-models";

export function ModelsList({ canEdit }: { canEdit: boolean }) {
  const { data, isLoading, error } = useModels();
  const [importing, setImporting] = useState(false);
  const importButton = canEdit ? <Button onClick={() => setImporting(true)}>Import model.conf</Button> : null;

  return (
    <>
      <PageHeader
        title="Models"
        description="Models served by TensorFlow Serving instances. Instances register themselves with an API token and drop out when they stop renewing; the console owns each instance's model config."
        actions={importButton}
      />
      {importing ? (
        <div className="mb-6">
          <ImportModelConf onDone={() => setImporting(false)} />
        </div>
      ) : null}
      {isLoading ? <Loading /> : null}
      {error ? <Alert tone="error" title="Could not load models">{error.message}</Alert> : null}
      {data && data.length === 0 ? (
        <EmptyState title="No models yet" action={importButton}>
          Start a model server that registers itself (<code className="font-mono text-xs">npm run model-server -- --registry_url=…</code>) or import a model.conf.
        </EmptyState>
      ) : null}
      {data && data.length > 0 ? (
        <Table caption="Models">
          <thead>
            <tr>
              <Th>Model</Th>
              <Th>Policy</Th>
              <Th>Instances</Th>
              <Th>AVAILABLE versions</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.map((m) => (
              <tr key={m.name} data-testid={`model-row-${m.name}`}>
                <Td>
                  <Link href={`/models/${encodeURIComponent(m.name)}`} className="font-medium text-indigo-700 hover:underline">{m.name}</Link>
                  {!m.managed ? <span className="ml-2"><Badge tone="amber">not managed</Badge></span> : null}
                  {m.model?.description ? <p className="text-xs text-slate-500">{m.model.description}</p> : null}
                </Td>
                <Td className="font-mono text-xs">{m.model ? policySummary(m.model.policy) : "—"}</Td>
                <Td>
                  {m.instances.length === 0 ? <span className="text-xs text-slate-400">none registered</span> : null}
                  <ul className="space-y-0.5">
                    {m.instances.map((i) => (
                      <li key={i.address} className="flex items-center gap-1.5 font-mono text-xs" title={i.detail ? `${i.error ?? ""}: ${i.detail}` : (i.error ?? undefined)}>
                        <span className={`h-2 w-2 rounded-full ${i.healthy ? "bg-emerald-500" : "bg-red-500"}`} aria-label={i.healthy ? "healthy" : "unhealthy"} />
                        {i.address}
                      </li>
                    ))}
                  </ul>
                </Td>
                <Td>
                  <ul className="space-y-0.5">
                    {m.instances.map((i) => (
                      <li key={i.address} className="font-mono text-xs">
                        {i.versions.filter((v) => v.state === "AVAILABLE").map((v) => v.version).join(", ") || "—"}
                      </li>
                    ))}
                  </ul>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </>
  );
}
