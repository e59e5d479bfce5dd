import type { SignatureDefInfo, TensorInfo } from "@/server/tfs/tfs-types";

function shape(info: TensorInfo): string {
  if (info.shape === null) return "unknown_rank";
  return info.shape.length === 1 ? `(${info.shape[0]})` : `(${info.shape.join(", ")})`;
}

function tensors(kind: "input" | "output", map: Record<string, TensorInfo>): string[] {
  const names = Object.keys(map).sort();
  const lines = [`  The given SavedModel SignatureDef contains the following ${kind}(s):`];
  for (const n of names) {
    const t = map[n]!;
    lines.push(`    ${kind}s['${n}'] tensor_info:`, `        dtype: ${t.dtype}`, `        shape: ${shape(t)}`, `        name: ${t.name}`);
  }
  return lines;
}

/** The signatures as `saved_model_cli show --dir … --all` prints them, which is what people know. */
export function formatSignatures(defs: Record<string, SignatureDefInfo>): string {
  const lines = ["MetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:", ""];
  for (const name of Object.keys(defs).sort()) {
    const d = defs[name]!;
    lines.push(`signature_def['${name}']:`, ...tensors("input", d.inputs), ...tensors("output", d.outputs), `  Method name is: ${d.methodName}`, "");
  }
  return lines.join("\n");
}
