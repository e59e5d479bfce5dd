import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** `--name=value` from the command line as a number, or `fallback` when it is not given. */
export const numberArg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);

/** The nearest-rank percentile of ascending `sorted` (NaN when empty). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99) };
};

export const ms = (n: number) => n.toFixed(2);

/** The machine a result was measured on, for the results file's header. */
export const hostLine = () => `Node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "unknown"})`;

/**
 * Runs `one(i)` for i = 0 … count - 1 with `concurrency` in flight, each started as one ends (so
 * concurrency 1 runs them in order), and returns the wall-clock seconds the whole run took.
 */
export async function runRequests(count: number, concurrency: number, one: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await one(next++);
    }),
  );
  return (performance.now() - t0) / 1000;
}

/** Writes bench/results/<name>.md and prints it. */
export function writeResults(name: string, lines: string[]): void {
  const table = lines.join("\n");
  const out = path.join(import.meta.dirname, "..", "results", `${name}.md`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, table);
  console.log(table);
  console.log(`Written to ${path.relative(process.cwd(), out)}`);
}
