import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { fmtScore } from "./batch-result";
import { compareRankings, type Ranking } from "./item-ranking";

function Change({ change }: { change: number | null }) {
  if (change === null) return <span className="text-slate-400">—</span>;
  if (change === 0) return <span className="text-slate-500">same</span>;
  const up = change > 0;
  return (
    <span className={up ? "font-medium text-emerald-700" : "font-medium text-amber-800"} title={`${Math.abs(change)} place${Math.abs(change) === 1 ? "" : "s"} ${up ? "higher" : "lower"} on the right`}>
      {up ? "▲" : "▼"} {Math.abs(change)}
    </span>
  );
}

/** Two solutions' rankings of the same items side by side: each item's rank and score in each, and how far it moved. */
export function RankingComparison({ a, b, labels }: { a: Ranking; b: Ranking; labels: [string, string] }) {
  const rows = compareRankings(a, b);
  const moved = rows.filter((r) => r.change !== null && r.change !== 0).length;
  return (
    <Card title="Rankings side by side">
      <p className="mb-3 text-sm text-slate-600" data-testid="ranking-comparison-summary">
        {moved === 0 ? "Every ranked item has the same rank under both." : `${moved} of ${rows.length} items rank differently.`} In the order of the left; the change is places moved on the right.
      </p>
      <Table caption="Item ranks under both solutions">
        <thead>
          <tr>
            <Th>Item</Th>
            <Th className="text-right">Rank · {labels[0]}</Th>
            <Th className="text-right">Score</Th>
            <Th className="text-right">Rank · {labels[1]}</Th>
            <Th className="text-right">Score</Th>
            <Th>Change</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.index} data-testid="comparison-row" data-item={r.label} className={r.change ? "bg-amber-50/50" : undefined}>
              <Td className="font-mono text-xs">{r.label}</Td>
              <Td className="text-right tabular-nums">{r.a?.rank ?? <span title={r.a?.error}>—</span>}</Td>
              <Td className="text-right font-mono text-xs tabular-nums">{fmtScore(r.a?.score ?? null)}</Td>
              <Td className="text-right tabular-nums">{r.b?.rank ?? <span title={r.b?.error}>—</span>}</Td>
              <Td className="text-right font-mono text-xs tabular-nums">{fmtScore(r.b?.score ?? null)}</Td>
              <Td className="text-xs" data-testid="rank-change">
                <Change change={r.change} />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
