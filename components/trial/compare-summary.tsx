import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { ScoreResponse } from "@/server/contracts/scoring";
import { differingTensors, inputRows } from "./differing-tensors";

const fmt = (values: unknown[] | undefined) =>
  values === undefined ? "—" : values.slice(0, 8).map((v) => (typeof v === "number" ? v.toPrecision(6) : JSON.stringify(v))).join(", ") + (values.length > 8 ? " …" : "");

type Side = { shape: number[]; values: unknown[] } | undefined;

function Row({ name, a, b, differs, testId }: { name: string; a: Side; b: Side; differs: boolean; testId: string }) {
  const va = a?.values;
  const vb = b?.values;
  const delta = typeof va?.[0] === "number" && typeof vb?.[0] === "number" && va.length === 1 && vb.length === 1 ? (vb[0] as number) - (va[0] as number) : null;
  return (
    <tr className={differs ? "bg-amber-50" : undefined} data-testid={testId} data-differs={String(differs)}>
      <Td className="font-mono text-xs font-medium">{name}</Td>
      <Td className="font-mono text-xs">{fmt(va)}</Td>
      <Td className="font-mono text-xs">{fmt(vb)}</Td>
      <Td className="text-xs">
        {!differs ? (
          <span className="text-slate-500">same</span>
        ) : !a || !b ? (
          <span className="text-amber-900">only {a ? "left" : "right"}</span>
        ) : delta !== null && delta !== 0 ? (
          <span className="font-mono text-amber-900">{delta > 0 ? "+" : ""}{delta.toPrecision(4)}</span>
        ) : (
          <span className="text-amber-900">differs</span>
        )}
      </Td>
    </tr>
  );
}

function Head({ labels }: { labels: [string, string] }) {
  return (
    <thead>
      <tr>
        <Th>Tensor</Th>
        <Th>{labels[0]}</Th>
        <Th>{labels[1]}</Th>
        <Th>Difference</Th>
      </tr>
    </thead>
  );
}

/**
 * The two runs' output tensors in one table and their TensorIO inputs in another, differing
 * ones marked: different inputs point at the features or the fg, equal inputs with different
 * outputs at the model.
 */
export function CompareSummary({ a, b, labels }: { a: ScoreResponse; b: ScoreResponse; labels: [string, string] }) {
  const differing = differingTensors(a, b);
  const outputs = [...new Set([...Object.keys(a.outputs), ...Object.keys(b.outputs)])].sort();
  const ia = new Map(inputRows(a).map((t) => [t.name, t]));
  const ib = new Map(inputRows(b).map((t) => [t.name, t]));
  const inputs = [...new Set([...ia.keys(), ...ib.keys()])];
  return (
    <Card title="Comparison">
      <Table caption="Output tensors side by side">
        <Head labels={labels} />
        <tbody className="divide-y divide-slate-100">
          {outputs.map((n) => (
            <Row key={n} name={n} a={a.outputs[n]} b={b.outputs[n]} differs={differing.outputs.has(n)} testId={`compare-${n}`} />
          ))}
        </tbody>
      </Table>
      {inputs.length ? (
        <div className="mt-4">
          <Table caption="Input tensors (TensorIO) side by side">
            <Head labels={labels} />
            <tbody className="divide-y divide-slate-100">
              {inputs.map((n) => (
                <Row key={n} name={n} a={ia.get(n)} b={ib.get(n)} differs={differing.inputs.has(n)} testId={`compare-input-${n}`} />
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
    </Card>
  );
}
