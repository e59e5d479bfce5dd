import { describe, expect, it } from "vitest";
import { ServiceMetrics, type RequestOutcome } from "./metrics";

const ok = (revision: number, solution: string | null = "v1"): RequestOutcome => ({
  solution,
  revision,
  solutions: ["v1", "v2"],
  status: 200,
  items: 1,
  seconds: 0.002,
  trace: [
    { stage: "features", ok: true, ms: 0.5 },
    { stage: "predict", ok: true, ms: 1.2 },
  ],
});

describe("the service's metrics", () => {
  it("counts requests, items, errors by stage and stage latencies per solution and release", async () => {
    const m = new ServiceMetrics("favpush");
    m.record(ok(7));
    m.record({ ...ok(7), items: 3 });
    m.record({ ...ok(7, null), status: 400, trace: [], error: { stage: "bucket", code: "bad_request" } });
    const text = await m.registry.metrics();
    expect(text).toContain('scoring_requests_total{solution="v1",revision="7",status="200",app="favpush"} 2');
    expect(text).toContain('scoring_items_total{solution="v1",revision="7",app="favpush"} 4');
    expect(text).toContain('scoring_errors_total{stage="bucket",code="bad_request",solution="none",revision="7",app="favpush"} 1');
    expect(text).toContain('scoring_stage_duration_seconds_count{app="favpush",stage="predict",solution="v1",revision="7"} 2');
  });

  it("keeps its label sets bounded: unknown solutions and codes fold, old releases' series go", async () => {
    const m = new ServiceMetrics("favpush");
    m.record({ ...ok(1), solution: "not-in-the-release" });
    m.record({ ...ok(1), status: 502, error: { stage: "features", code: "some_console_code" } });
    for (const revision of [2, 3, 4]) m.record(ok(revision));
    const text = await m.registry.metrics();
    expect(text).not.toContain('revision="1"');
    expect(text).toContain('revision="2"');
    expect(text).toContain('revision="4"');
    const m2 = new ServiceMetrics("favpush");
    m2.record({ ...ok(1), solution: "not-in-the-release", status: 502, error: { stage: "features", code: "some_console_code" } });
    const text2 = await m2.registry.metrics();
    expect(text2).toContain('code="other",solution="none"');
  });
});
