"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Loading } from "@/components/ui/loading";
import { Table, Td, Th } from "@/components/ui/table";
import { useConfigCenterStatus, useResolveDelivery } from "./use-config-center";

const KIND = { builtin: "Built-in (served by the console)", etcd: "etcd" } as const;

/** Admin page: which config center releases go to, whether it is healthy, and what waits for it. */
export function ConfigCenterPanel() {
  const status = useConfigCenterStatus();
  const resolve = useResolveDelivery();
  const data = status.data;
  return (
    <div id="config-center">
      <Card title="Config center">
        {status.isLoading ? <Loading /> : null}
        {status.error ? <Alert tone="error" title="Could not read the config center's status">{status.error.message}</Alert> : null}
        {data ? (
          <div className="space-y-5">
            <dl className="grid grid-cols-1 gap-x-8 gap-y-3 text-sm md:grid-cols-2 xl:grid-cols-4">
              <div>
                <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Center</dt>
                <dd className="mt-0.5 text-slate-900" data-testid="config-center-kind">{KIND[data.kind]}</dd>
                <dd className="text-xs text-slate-500">{data.location}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Health</dt>
                <dd className="mt-0.5 flex items-center gap-1.5">
                  <span className={`h-2 w-2 rounded-full ${data.health.ok ? "bg-emerald-500" : "bg-red-500"}`} aria-hidden />
                  <span className="text-slate-900" data-testid="config-center-health">{data.health.ok ? "healthy" : "unreachable"}</span>
                </dd>
                <dd className="text-xs break-words text-slate-500">{data.health.detail}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Outbox backlog</dt>
                <dd className="mt-0.5 text-slate-900" data-testid="outbox-pending">
                  {data.outbox.pending} waiting{data.outbox.failed ? `, ${data.outbox.failed} failed` : ""}
                </dd>
                <dd className="text-xs text-slate-500">
                  {data.outbox.oldestPendingAt ? `oldest since ${new Date(data.outbox.oldestPendingAt).toLocaleString()}` : "nothing waits"}
                </dd>
              </div>
              <div>
                <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Dispatcher (this process)</dt>
                <dd className="mt-0.5">{data.dispatcher.running ? <Badge tone="green">running</Badge> : <Badge tone="amber">stopped</Badge>}</dd>
              </div>
            </dl>
            {data.outbox.lastError ? (
              <Alert tone="warning" title="Deliveries are being retried">The last attempt failed: {data.outbox.lastError}</Alert>
            ) : null}
            {data.blocked.length > 0 ? (
              <div className="space-y-2">
                <h3 className="text-sm font-semibold text-slate-900">Failed deliveries</h3>
                <p className="text-xs text-slate-600">
                  The center refused these releases; later releases of the same app wait behind them. Retry once the cause is fixed, or skip to let the later ones go out.
                </p>
                {resolve.error ? <Alert tone="error">{resolve.error.message}</Alert> : null}
                <Table caption="Failed deliveries">
                  <thead>
                    <tr>
                      <Th>App</Th>
                      <Th>Release</Th>
                      <Th>Reason</Th>
                      <Th><span className="sr-only">Actions</span></Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {data.blocked.map((b) => (
                      <tr key={b.releaseId}>
                        <Td>{b.app}</Td>
                        <Td>
                          <Link className="text-indigo-700 hover:underline" href={`/releases?app=${encodeURIComponent(b.app)}`}>#{b.seq}</Link>
                        </Td>
                        <Td className="max-w-md text-xs text-red-700">{b.reason ?? "—"}</Td>
                        <Td className="whitespace-nowrap text-right">
                          <span className="inline-flex gap-2">
                            <Button size="sm" disabled={resolve.isPending} onClick={() => resolve.mutate({ releaseId: b.releaseId, action: "retry" })}>Retry</Button>
                            <Button size="sm" variant="danger" disabled={resolve.isPending} onClick={() => resolve.mutate({ releaseId: b.releaseId, action: "skip" })}>Skip</Button>
                          </span>
                        </Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
            ) : null}
          </div>
        ) : null}
      </Card>
    </div>
  );
}
