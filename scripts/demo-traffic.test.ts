import { describe, expect, it } from "vitest";
import { FAVPUSH_GOODS_IDS, FAVPUSH_MISSING_GOODS_ID, FAVPUSH_UIDS } from "@/db/seed/favpush/rows";
import { demoRequest, runDemoTraffic, type DemoRequest } from "./demo-traffic";

/** A seeded generator: the same sequence every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("demo traffic", () => {
  it("asks for demo users and goods, singles and some batches of 2-8 items", () => {
    const random = seeded(7);
    const requests = Array.from({ length: 500 }, () => demoRequest(random));
    const goods = (r: DemoRequest) => (r.items ? r.items.map((i) => i.goods_id as number) : [r.origin.goods_id as number]);
    for (const r of requests) {
      expect(r.app_name).toBe("favpush");
      expect(r.origin.uid).toBeGreaterThanOrEqual(FAVPUSH_UIDS.from);
      expect(r.origin.uid).toBeLessThanOrEqual(FAVPUSH_UIDS.to);
      for (const g of goods(r)) expect(g === FAVPUSH_MISSING_GOODS_ID || (g >= FAVPUSH_GOODS_IDS.from && g <= FAVPUSH_GOODS_IDS.to)).toBe(true);
      if (r.items) {
        expect(r.items.length).toBeGreaterThanOrEqual(2);
        expect(r.items.length).toBeLessThanOrEqual(8);
        expect(r.origin.goods_id).toBeUndefined();
      }
    }
    const batches = requests.filter((r) => r.items).length;
    expect(batches).toBeGreaterThan(50);
    expect(batches).toBeLessThan(200);
  });

  it("sends until stopped, counting failures without retrying, at gaps of about 1/rate", async () => {
    const stop = new AbortController();
    const sent: DemoRequest[] = [];
    const gaps: number[] = [];
    const counts = await runDemoTraffic({
      url: "http://service.test",
      rate: 4,
      signal: stop.signal,
      random: seeded(3),
      send: async (_url, body) => {
        sent.push(body);
        if (sent.length % 5 === 0) throw new Error("down");
      },
      wait: async (ms) => {
        gaps.push(ms);
        if (gaps.length === 40) stop.abort();
      },
    });
    expect(counts).toEqual({ sent: 32, failed: 8 });
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(100);
    expect(mean).toBeLessThan(500);
  });
});
