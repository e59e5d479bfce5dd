import { Table, Td, Th } from "./table";

/** One solution's row, its numbers already formatted the way its page reads them. */
export interface ShareRow {
  key: string;
  solution: string;
  /** The solution's colour, when the table shows swatches. */
  color?: string;
  count: string;
  observed: string;
  configured: string;
  /** Observed against configured, when the table has that column. */
  deviation?: string;
  testId?: string;
}

/**
 * Observed against configured share per solution: the Live page's split of real requests and the
 * Solutions page's preview of sample keys. `countLabel` names what was counted.
 */
export function ShareTable({
  caption,
  countLabel,
  rows,
  swatches = false,
  deviation = false,
  bodyTestId,
}: {
  caption: string;
  countLabel: string;
  rows: ShareRow[];
  swatches?: boolean;
  deviation?: boolean;
  bodyTestId?: string;
}) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Solution</Th>
          <Th className="text-right">{countLabel}</Th>
          <Th className="text-right">Observed</Th>
          <Th className="text-right">Configured</Th>
          {deviation ? <Th className="text-right">Deviation</Th> : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100" data-testid={bodyTestId}>
        {rows.map((r) => (
          <tr key={r.key} data-testid={r.testId}>
            <Td className="font-mono">
              {swatches ? (
                <span className="inline-flex items-center gap-2">
                  <span aria-hidden className="inline-block h-3 w-3 rounded-sm" style={{ backgroundColor: r.color }} />
                  {r.solution}
                </span>
              ) : (
                r.solution
              )}
            </Td>
            <Td className="text-right tabular-nums">{r.count}</Td>
            <Td className="text-right tabular-nums">{r.observed}</Td>
            <Td className="text-right tabular-nums">{r.configured}</Td>
            {deviation ? <Td className="text-right tabular-nums">{r.deviation}</Td> : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
