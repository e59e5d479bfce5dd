import type { BatchScoreResponse } from "@/server/contracts/scoring";
import { itemLabel } from "./item-draft";

export interface RankedItem {
  index: number;
  label: string;
  /** The first output's first value, when it is a number. */
  score: number | null;
  /** 1 is the highest score; equal scores share a rank. Null: the item has no score. */
  rank: number | null;
  error?: string;
}

export interface Ranking {
  /** The output the scores come from (the first output of the first scored item). */
  output: string | null;
  /** Ranked items by rank, then the unscored ones in request order. */
  rows: RankedItem[];
}

/** A batch's items ranked by score, highest first: what the Trial page shows under one solution. */
export function rankItems(result: BatchScoreResponse, items: Record<string, unknown>[]): Ranking {
  let output: string | null = null;
  const rows: RankedItem[] = result.items.map((r) => {
    const label = itemLabel(items[r.index]);
    if ("error" in r) return { index: r.index, label, score: null, rank: null, error: `${r.error.stage}: ${r.error.message}` };
    output ??= Object.keys(r.outputs)[0] ?? null;
    const first = output === null ? undefined : r.outputs[output]?.values[0];
    const score = typeof first === "number" && Number.isFinite(first) ? first : null;
    return { index: r.index, label, score, rank: null, ...(score === null ? { error: output === null ? "no output" : `${output} has no number` } : {}) };
  });
  const scored = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score! || a.index - b.index);
  scored.forEach((r, i) => {
    const prev = scored[i - 1];
    r.rank = prev && prev.score === r.score ? prev.rank : i + 1;
  });
  const unscored = rows.filter((r) => r.score === null).sort((a, b) => a.index - b.index);
  return { output, rows: [...scored, ...unscored] };
}

export interface ComparedItem {
  index: number;
  label: string;
  a: RankedItem | undefined;
  b: RankedItem | undefined;
  /** Places moved up from a to b (positive: ranked higher under b); null when either has no rank. */
  change: number | null;
}

/** Each item's rank under two solutions side by side, in a's order (a's unranked items last, then b's extras). */
export function compareRankings(a: Ranking, b: Ranking): ComparedItem[] {
  const inB = new Map(b.rows.map((r) => [r.index, r]));
  const rows: ComparedItem[] = a.rows.map((ra) => {
    const rb = inB.get(ra.index);
    inB.delete(ra.index);
    return { index: ra.index, label: ra.label, a: ra, b: rb, change: ra.rank !== null && rb?.rank != null ? ra.rank - rb.rank : null };
  });
  for (const rb of inB.values()) rows.push({ index: rb.index, label: rb.label, a: undefined, b: rb, change: null });
  return rows;
}
