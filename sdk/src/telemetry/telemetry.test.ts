import { describe, expect, it } from "vitest";
import type { TelemetryReport } from "../core/telemetry/report";
import { createTelemetryAggregator, type ScoredRequest } from "./create-aggregator";
import { createTelemetryReporter } from "./create-reporter";

const T0 = Date.parse("2026-12-03T10:00:00.000Z");

const scored = (over: Partial<ScoredRequest> = {}): ScoredRequest => ({
  app: "favpush",
  release: 12,
  solution: "v1",
  bucket: 3,
  forced: false,
  items: 1,
  errorStage: null,
  stageMs: { features: 2, predict: 5 },
  outputs: { y: [0.25] },
  missingFeatures: [],
  at: T0 + 1_000,
  ...over,
});

describe("aggregator", () => {
  it("keeps one series per app x release x solution x minute and leaves forced requests out of the bucket counts", () => {
    const agg = createTelemetryAggregator({ now: () => T0 + 90_000 });
    agg.record(scored());
    agg.record(scored({ errorStage: "predict", missingFeatures: ["cf"], outputs: { y: new Float32Array([0.5, 0.75]) }, items: 2 }));
    agg.record(scored({ forced: true, bucket: 5 }));
    agg.record(scored({ at: T0 + 61_000, solution: "v2", bucket: 7, release: null }));
    const d = agg.drain();
    expect(d.solutions).toHaveLength(2);
    const v1 = d.solutions.find((s) => s.solution === "v1")!;
    expect(v1).toMatchObject({ minute: "2026-12-03T10:00:00.000Z", release: "12", requests: 3, items: 4, errors: { predict: 1 }, missing: { cf: 1 } });
    expect(Object.values(v1.outputs.y!).reduce((s, n) => s + n, 0) - v1.outputs.y!.sum!).toBe(4);
    expect(d.buckets).toEqual([
      { app: "favpush", release: "12", minute: "2026-12-03T10:00:00.000Z", bucket: 3, requests: 2 },
      { app: "favpush", release: "none", minute: "2026-12-03T10:01:00.000Z", bucket: 7, requests: 1 },
    ]);
    expect(d.releases).toEqual({ favpush: "none" });
    expect(agg.drain().solutions).toEqual([]);
  });

  it("is bounded: past its series cap a record is dropped and counted, and a bad record never throws", () => {
    const agg = createTelemetryAggregator({ maxSolutionSeries: 2 });
    for (const solution of ["a", "b", "c", "d"]) agg.record(scored({ solution }));
    agg.record(null as unknown as ScoredRequest);
    const d = agg.drain();
    expect(d.solutions.map((s) => s.solution)).toEqual(["a", "b"]);
    expect(d.droppedRecords).toBe(3);
  });
});

type Answer = number | "network";
function fakeConsole(answers: Answer[]) {
  const received: TelemetryReport[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    const answer = answers.shift() ?? 200;
    received.push(JSON.parse(String(init.body)) as TelemetryReport);
    if (answer === "network") throw new Error("connect ECONNREFUSED");
    return new Response(answer === 200 ? '{"accepted":true}' : "{}", { status: answer });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, received };
}

describe("reporter", () => {
  it("sends a report with its idempotency key, instance, host and releases; a retry keeps the key", async () => {
    const agg = createTelemetryAggregator();
    const fake = fakeConsole(["network", 503]);
    const reporter = createTelemetryReporter({ url: "http://console.test/", token: "sct_x", aggregator: agg, fetch: fake.fetch, instance: "i-1", host: "h-1", retry: { minMs: 60_000 } });
    agg.record(scored());
    await reporter.flush();
    expect(reporter.stats()).toMatchObject({ queued: 1, sent: 0 });
    await reporter.flush(); // 503: still queued, and the new (heartbeat) report waits behind it
    await reporter.flush();
    expect(reporter.stats()).toMatchObject({ queued: 0, sent: 3 });
    const ids = fake.received.map((r) => r.id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[1]).toBe(ids[2]);
    expect(new Set(ids).size).toBe(3);
    expect(fake.received[0]).toMatchObject({ instance: "i-1", host: "h-1", releases: { favpush: "12" }, dropped: { reports: 0, records: 0 } });
    expect(fake.received[0]!.solutions).toHaveLength(1);
  });

  it("after a long outage drops the oldest reports, and the next report says how many", async () => {
    const agg = createTelemetryAggregator();
    let down = true;
    const received: TelemetryReport[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      if (down) throw new Error("down");
      received.push(JSON.parse(String(init.body)) as TelemetryReport);
      return new Response("{}", { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const reporter = createTelemetryReporter({ url: "http://c.test", token: "t", aggregator: agg, fetch, maxQueue: 3 });
    for (let i = 0; i < 5; i++) {
      agg.record(scored());
      await reporter.flush();
    }
    expect(reporter.stats()).toMatchObject({ queued: 3, droppedReports: 2 });
    down = false;
    await reporter.flush();
    // Six reports were made: three dropped (the last one while the sixth was made), three sent.
    expect(reporter.stats()).toMatchObject({ queued: 0, sent: 3, droppedReports: 3 });
    expect(received).toHaveLength(3);
    expect(received.reduce((s, r) => s + r.dropped.reports, 0)).toBe(2);
    // The next report says the rest.
    await reporter.flush();
    expect(received.reduce((s, r) => s + r.dropped.reports, 0)).toBe(3);
  });

  it("drops a report the console refuses (4xx) and counts it; never throws into the caller", async () => {
    const agg = createTelemetryAggregator();
    const fake = fakeConsole([422, 200]);
    const errors: Error[] = [];
    const reporter = createTelemetryReporter({ url: "http://c.test", token: "t", aggregator: agg, fetch: fake.fetch, onError: (e) => errors.push(e) });
    agg.record(scored());
    await reporter.flush();
    expect(reporter.stats()).toMatchObject({ queued: 0, droppedReports: 1 });
    agg.record(scored());
    await reporter.stop();
    expect(fake.received[1]!.dropped.reports).toBe(1);
    expect(errors[0]!.message).toContain("422");
  });

  it("sends nothing before the first request", async () => {
    const fake = fakeConsole([]);
    const reporter = createTelemetryReporter({ url: "http://c.test", token: "t", aggregator: createTelemetryAggregator(), fetch: fake.fetch });
    await reporter.flush();
    expect(fake.received).toEqual([]);
  });
});
