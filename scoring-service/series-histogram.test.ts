import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { SeriesHistogram } from "./series-histogram";

const BOUNDS = [0.001, 0.01, 0.1, 1];

describe("SeriesHistogram", () => {
  it("exposes exactly what prom-client's Histogram exposes for the same observations", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    for (const r of [ours, theirs]) r.setDefaultLabels({ app: "favpush" });
    const h = new SeriesHistogram("t_seconds", "A test histogram", BOUNDS, ours);
    const p = new Histogram({ name: "t_seconds", help: "A test histogram", labelNames: ["stage", "solution"], buckets: BOUNDS, registers: [theirs] });
    const observations: [string, string, number][] = [
      ["fg", "v1", 0.0005],
      ["fg", "v1", 0.001], // on a bound: counted in that bucket (le)
      ["fg", "v1", 0.05],
      ["predict", "v2", 3], // past every bound: only +Inf
      ["predict", "v2", 0.2],
    ];
    for (const [stage, solution, v] of observations) {
      h.observe(h.seriesOf(`${stage}/${solution}`, { stage, solution }), v);
      p.observe({ stage, solution }, v);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it("drops a removed series and starts it again from zero", async () => {
    const registry = new Registry();
    const h = new SeriesHistogram("t_seconds", "help", BOUNDS, registry);
    h.observe(h.seriesOf("a", { s: "a" }), 0.5);
    h.remove("a");
    expect(await registry.metrics()).not.toContain('s="a"');
    h.observe(h.seriesOf("a", { s: "a" }), 0.5);
    expect(await registry.metrics()).toContain('t_seconds_count{s="a"} 1');
  });
});
