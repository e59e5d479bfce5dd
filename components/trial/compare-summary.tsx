import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { ScoreResponse } from "@/server/contracts/scoring";

const fmt = (values: unknown[] | undefined) =>
  values === undefined ? "—" : values.slice(0, 8).map((v) => (typeof v === "number" ? v.toPrecision(6) : JSON.stringify(v))).join(", ") + (values.length > 8 ? " …" : "");

/** The two runs' output tensors in one table, differing ones marked: the answer a comparison is for. */
export function CompareSummary({ a, b, labels }: { a: ScoreResponse; b: ScoreResponse; labels: [string, string] }) {
  const names = [...new Set([...Object.keys(a.outputs), ...Object.keys(b.outputs)])].sort();
  return (
    <Card title="Comparison">
      <Table caption="Output tensors side by side">
        <thead>
          <tr>
            <Th>Tensor</Th>
            <Th>{labels[0]}</Th>
            <Th>{labels[1]}</Th>
            <Th>Difference</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {names.map((n) => {
            const va = a.outputs[n]?.values;
            const vb = b.outputs[n]?.values;
            const same = JSON.stringify(va) === JSON.stringify(vb);
            const delta = typeof va?.[0] === "number" && typeof vb?.[0] === "number" && va.length === 1 && vb.length === 1 ? (vb[0] as number) - (va[0] as number) : null;
            return (
              <tr key={n} className={same ? undefined : "bg-amber-50"} data-testid={`compare-${n}`}>
                <Td className="font-mono text-xs font-medium">{n}</Td>
                <Td className="font-mono text-xs">{fmt(va)}</Td>
                <Td className="font-mono text-xs">{fmt(vb)}</Td>
                <Td className="text-xs">{same ? <span className="text-slate-500">same</span> : delta !== null ? <span className="font-mono text-amber-900">{delta > 0 ? "+" : ""}{delta.toPrecision(4)}</span> : <span className="text-amber-900">differs</span>}</Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </Card>
  );
}
