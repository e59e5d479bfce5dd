"use client";

import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { useDagAlerts } from "./use-dag";

/** Stale and (nearly) expired versions of the DAG, with their webhook delivery. */
export function DagAlertsList({ app, onSelect }: { app: string; onSelect: (key: string) => void }) {
  const { data, error } = useDagAlerts(app);
  return (
    <Card title="Alerts">
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      {!data && !error ? <p className="text-sm text-slate-500">Looking for stale and expiring versions…</p> : null}
      {data && data.alerts.length === 0 ? (
        <p className="text-sm text-slate-500">No alerts: every version moved within its staleness limit and none is close to expiry.</p>
      ) : null}
      {data && data.alerts.length > 0 ? (
        <Table caption="Alerts of the version DAG">
          <thead>
            <tr>
              <Th>Node</Th>
              <Th>Alert</Th>
              <Th>What</Th>
              <Th>Webhook</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.alerts.map((a) => (
              <tr key={`${a.key}-${a.kind}-${a.version}`}>
                <Td>
                  <button type="button" className="font-mono text-indigo-700 underline-offset-2 hover:underline" onClick={() => onSelect(a.key)}>
                    {a.key}
                  </button>
                </Td>
                <Td>
                  <Badge tone={a.kind === "expired" ? "red" : "amber"}>{a.kind}</Badge>
                </Td>
                <Td>{a.message}</Td>
                <Td className="text-xs text-slate-500">
                  {a.webhook === null ? "no webhook" : a.webhook.deliveredAt ? "sent" : a.webhook.error ? `failed: ${a.webhook.error}` : "pending"}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </Card>
  );
}
