"use client";

import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import type { FeatureQuery } from "@/server/contracts/scoring";

/**
 * A trial's feature lookups: the rendered query and what the store answered. A batch's queries
 * carry the item they were made for (none: asked once for the whole request), shown in a first column.
 */
export function FeatureQueriesTable({ queries, batch = false }: { queries: (FeatureQuery & { item?: number })[]; batch?: boolean }) {
  return (
    <Table caption="Feature queries">
      <thead>
        <tr>
          {batch ? <Th>Item</Th> : null}
          <Th>Feature</Th>
          <Th>Rendered query</Th>
          <Th>Result</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {queries.map((q, i) => (
          <tr key={batch ? i : String(q.feature)}>
            {batch ? <Td className="text-xs text-slate-500">{q.item === undefined ? "all" : q.item}</Td> : null}
            <Td className="font-mono text-xs">{String(q.feature)}</Td>
            <Td className="font-mono text-xs">{`${q.operator ?? ""} ${q.table ?? ""} ${q.key ?? ""}`}</Td>
            <Td className="max-w-md break-all font-mono text-xs">
              {q.missing ? <Badge tone="amber">missing</Badge> : q.error ? <span className="text-red-800">{q.error}</span> : JSON.stringify(q.value)}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
