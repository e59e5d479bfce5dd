import { Table, Td, Th } from "@/components/ui/table";

export type TensorRow = { name: string; dtype: string; shape: number[]; values: unknown[] };

const fmt = (v: unknown) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(6)) : JSON.stringify(v));

/** `testIdPrefix` keeps an input and an output of the same name apart on one page. */
export function TensorTable({ tensors, caption, highlight, testIdPrefix = "tensor" }: { tensors: TensorRow[]; caption: string; highlight?: Set<string>; testIdPrefix?: string }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Tensor</Th>
          <Th>dtype</Th>
          <Th>shape</Th>
          <Th>values</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {tensors.map((t) => (
          <tr key={t.name} className={highlight?.has(t.name) ? "bg-amber-50" : undefined} data-testid={`${testIdPrefix}-${t.name}`} data-differs={highlight ? String(highlight.has(t.name)) : undefined}>
            <Td className="font-mono text-xs font-medium">{t.name}</Td>
            <Td className="font-mono text-xs">{t.dtype}</Td>
            <Td className="font-mono text-xs">[{t.shape.join(", ")}]</Td>
            <Td className="max-w-xl break-all font-mono text-xs">{t.values.slice(0, 64).map(fmt).join(", ")}{t.values.length > 64 ? ` … (${t.values.length})` : ""}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
