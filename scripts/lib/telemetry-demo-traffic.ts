import type { AppView } from "@/sdk/src/core/published/read-solutions";
import type { ScoredRequest } from "@/sdk/src/telemetry/create-aggregator";

/**
 * Synthetic scored requests for the Live page (a demo, the e2e): requests hash uniformly to the
 * app's buckets and go to the solution owning the bucket, as the runtime does. Each solution
 * behaves a little differently (the second scores higher, is slower and misses more of one
 * feature) so the charts show the difference. `dropBuckets` leaves some buckets out: a broken
 * split that the sample-ratio check must flag.
 */
export interface DemoTrafficOptions {
  view: Pick<AppView, "solutions" | "settings">;
  app: string;
  /** The revision the requests were scored with (what the reporter sends as the release). */
  revision: number;
  /** First minute (ms since the epoch) and how many minutes. */
  from: number;
  minutes: number;
  perMinute: number;
  dropBuckets?: ReadonlySet<number>;
  seed?: number;
}

/** Calls `record` once per synthetic request, oldest first. */
export function generateDemoTraffic(options: DemoTrafficOptions, record: (request: ScoredRequest) => void): number {
  const random = mulberry32(options.seed ?? 21);
  const bucketCount = options.view.settings.bucketCount;
  const owner = new Map<number, { name: string; index: number }>();
  options.view.solutions.forEach((s, index) => s.buckets.forEach((b) => owner.set(b, { name: s.name, index })));
  let count = 0;
  for (let m = 0; m < options.minutes; m++) {
    const minuteStart = options.from + m * 60_000;
    for (let r = 0; r < options.perMinute; r++) {
      const bucket = Math.floor(random() * bucketCount);
      const solution = owner.get(bucket);
      if (!solution || options.dropBuckets?.has(bucket)) continue;
      record(requestOf(options, solution, bucket, minuteStart + Math.floor(random() * 60_000), random));
      count++;
    }
  }
  return count;
}

function requestOf(options: DemoTrafficOptions, solution: { name: string; index: number }, bucket: number, at: number, random: () => number): ScoredRequest {
  const newer = solution.index % 2 === 1;
  const features = 2 + random() * 3;
  const fg = 0.5 + random();
  const predict = (newer ? 9 : 6) + random() * (random() < 0.02 ? 60 : 6);
  const failed = random() < (newer ? 0.02 : 0.005);
  // A score in (0, 1): the newer solution centres higher.
  const score = 1 / (1 + Math.exp(-((newer ? -0.2 : -0.9) + gaussian(random) * 0.8)));
  const missing: string[] = [];
  if (random() < 0.03) missing.push("user_age");
  if (random() < (newer ? 0.08 : 0.01)) missing.push("goods_ctr");
  return {
    app: options.app,
    release: options.revision,
    solution: solution.name,
    bucket,
    forced: false,
    items: 1,
    errorStage: failed ? "predict" : null,
    stageMs: failed ? { features, fg } : { features, fg, predict, total: features + fg + predict },
    outputs: failed ? {} : { score: [score] },
    missingFeatures: missing,
    at,
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A small seeded generator: the same options give the same traffic. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
