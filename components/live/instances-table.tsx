import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { LiveView } from "@/server/contracts/telemetry";
import { formatMoment } from "./live-series";

/** A reporter sends every 60 s: three missed reports and the instance is taken for gone. */
export const STALE_AFTER_MS = 3 * 60_000;

/** The app's scoring instances: which release each runs, since when, and when it last reported. */
export function InstancesTable({ view, now }: { view: LiveView; now: number }) {
  const current = view.release?.label;
  return (
    <Card title={`Scoring instances (${view.instances.length})`}>
      {view.instances.length === 0 ? (
        <p className="text-sm text-slate-500">No instance has reported for this app.</p>
      ) : (
        <Table caption="Scoring instances of this app, latest report first">
          <thead>
            <tr>
              <Th>Instance</Th>
              <Th>Host</Th>
              <Th>Release</Th>
              <Th>On it since</Th>
              <Th>Last report</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100" data-testid="instances-table">
            {view.instances.map((i) => {
              const stale = now - Date.parse(i.lastReport) > STALE_AFTER_MS;
              return (
                <tr key={i.instance} data-testid={`instance-row-${i.instance}`} className={stale ? "text-slate-400" : undefined}>
                  <Td className="font-mono text-xs whitespace-nowrap">{i.instance}</Td>
                  <Td className="text-sm break-all">{i.host}</Td>
                  <Td className="text-sm">
                    <span className="font-mono" data-testid="instance-release">
                      {i.release}
                    </span>{" "}
                    {current && i.release !== current && i.release !== "none" ? <Badge tone="amber">not the live revision {current}</Badge> : null}
                  </Td>
                  <Td className="text-sm whitespace-nowrap">{formatMoment(i.releaseSince)}</Td>
                  <Td className="text-sm whitespace-nowrap">
                    {formatMoment(i.lastReport)} {stale ? <Badge tone="red">stale</Badge> : <Badge tone="green">live</Badge>}
                    {i.droppedReports + i.droppedRecords > 0 ? (
                      <span className="ml-1 text-xs text-amber-700">
                        dropped {i.droppedReports} reports, {i.droppedRecords} records
                      </span>
                    ) : null}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
