import { murmur3_x86_32 } from "@/sdk/src/core/bucketing";
import type { Dtype, TensorValue, Transform } from "@/server/contracts/fg";

/**
 * The transforms of the declarative fg, each over a flat list of scalars. A value a transform
 * cannot take throws a TransformError with the reason; the runner adds where it happened.
 */
export class TransformError extends Error {}

const utf8 = new TextEncoder();

export function applyTransform(values: TensorValue[], t: Transform): TensorValue[] {
  switch (t.op) {
    case "cast":
      return values.map((v) => cast(v, t.to));
    case "hash_bucket":
      // The same murmur3_x86_32 (seed 0, UTF-8 of String(value)) as bucketing: 234 and "234"
      // hash alike, and Java / Go training code can reproduce it from docs/bucketing.md.
      return values.map((v) => murmur3_x86_32(utf8.encode(String(v)), 0) % t.buckets);
    case "one_hot":
      return values.flatMap((v) => oneHot(v, t.n));
    case "log1p":
      return values.map((v) => {
        const x = number(v, "log1p");
        if (x <= -1) throw new TransformError(`log1p of ${x} is not finite (values must be > -1)`);
        return Math.log1p(x);
      });
    case "clip":
      return values.map((v) => Math.min(t.max ?? Infinity, Math.max(t.min ?? -Infinity, number(v, "clip"))));
  }
}

function oneHot(v: TensorValue, n: number): number[] {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TransformError(`one_hot needs whole-number indexes, got ${show(v)}`);
  const out = new Array<number>(n).fill(0);
  // An index outside 0..n-1 gives all zeros, as tf.one_hot does.
  if (v >= 0 && v < n) out[v] = 1;
  return out;
}

function cast(v: TensorValue, to: Dtype): TensorValue {
  switch (to) {
    case "float":
    case "double":
      if (typeof v === "boolean") return v ? 1 : 0;
      return typeof v === "number" ? v : parseDecimal(v);
    case "int32":
    case "int64":
      if (typeof v === "boolean") return v ? 1 : 0;
      if (typeof v === "number") return truncate(v);
      // Integer text beyond 2^53 stays text so int64 keeps every digit.
      if (to === "int64" && /^-?\d+$/.test(v.trim()) && !Number.isSafeInteger(Number(v))) return BigInt(v.trim()).toString();
      return truncate(parseDecimal(v));
    case "string":
      return String(v);
    case "bool":
      if (typeof v === "boolean") return v;
      if (typeof v === "number") return v !== 0;
      if (["true", "1"].includes(v.trim().toLowerCase())) return true;
      if (["false", "0", ""].includes(v.trim().toLowerCase())) return false;
      throw new TransformError(`cannot cast ${show(v)} to bool`);
  }
}

function truncate(x: number): number {
  if (!Number.isFinite(x)) throw new TransformError(`cannot cast ${x} to an integer`);
  // Math.trunc(-0.5) is -0; an integer tensor has no negative zero.
  return Math.trunc(x) + 0;
}

function parseDecimal(text: string): number {
  const t = text.trim();
  const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : Number.NaN;
  if (!Number.isFinite(n)) throw new TransformError(`cannot cast ${show(text)} to a number`);
  return n;
}

function number(v: TensorValue, op: string): number {
  if (typeof v !== "number") throw new TransformError(`${op} needs numbers, got ${show(v)} (cast it first)`);
  return v;
}

function show(v: TensorValue): string {
  return typeof v === "string" ? JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v) : String(v);
}
