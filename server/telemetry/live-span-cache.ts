import type { SolutionSpan } from "./build-live-series";

export interface KeptSpan {
  /** The rows it was built from: `count:sum:max` of their versions (xmin). */
  version: string;
  points: number;
  solutions: ReadonlyMap<string, SolutionSpan>;
}

/**
 * Finished Live spans (an hour of points, or one point of an hour or more) per database, kept
 * while their rows are unchanged: read-live-series.ts asks for them with the rows' version and
 * builds again on any difference. Least recently used go first past `maxPoints` points (about
 * a kilobyte each, so the default is a few tens of megabytes).
 */
export class LiveSpanCache {
  private readonly spans = new Map<string, KeptSpan>();
  private points = 0;

  constructor(private readonly maxPoints = 40_000) {}

  has(key: string): boolean {
    return this.spans.has(key);
  }

  get(key: string, version: string): KeptSpan | undefined {
    const kept = this.spans.get(key);
    if (!kept) return undefined;
    this.spans.delete(key);
    if (kept.version !== version) {
      this.points -= kept.points;
      return undefined;
    }
    this.spans.set(key, kept);
    return kept;
  }

  set(key: string, span: KeptSpan): void {
    const had = this.spans.get(key);
    if (had) {
      this.spans.delete(key);
      this.points -= had.points;
    }
    if (span.points > this.maxPoints) return;
    this.spans.set(key, span);
    this.points += span.points;
    for (const [oldest, kept] of this.spans) {
      if (this.points <= this.maxPoints) break;
      this.spans.delete(oldest);
      this.points -= kept.points;
    }
  }

  get size(): number {
    return this.spans.size;
  }
}
