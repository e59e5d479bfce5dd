// Demo traffic for the Live page: a few requests per second to the demo scoring service's
// POST /score. `npm start` runs it in demo mode only (DEMO_TRAFFIC=0 turns it off):
//   node --import tsx scripts/demo-traffic.ts --url=http://127.0.0.1:3100 --rate=3
import { FAVPUSH_GOODS_IDS, FAVPUSH_MISSING_GOODS_ID, FAVPUSH_UIDS, favpushCfGoods } from "@/db/seed/favpush/rows";

export interface DemoRequest {
  app_name: string;
  origin: Record<string, unknown>;
  items?: Record<string, unknown>[];
}

const pick = (random: () => number, from: number, to: number) => from + Math.floor(random() * (to - from + 1));

/** A goods id for a user: mostly one with a cf map, sometimes any, rarely one with no vector (a missing feature). */
function goodsFor(uid: number, random: () => number): number {
  const r = random();
  if (r < 0.7) {
    const cf = favpushCfGoods(uid);
    return cf[Math.floor(random() * cf.length)]!;
  }
  return r < 0.97 ? pick(random, FAVPUSH_GOODS_IDS.from, FAVPUSH_GOODS_IDS.to) : FAVPUSH_MISSING_GOODS_ID;
}

/** One request of the demo app: a random user, one goods id (4 in 5) or a batch of 2-8 items. */
export function demoRequest(random: () => number = Math.random): DemoRequest {
  const uid = pick(random, FAVPUSH_UIDS.from, FAVPUSH_UIDS.to);
  if (random() < 0.8) return { app_name: "favpush", origin: { uid, goods_id: goodsFor(uid, random) } };
  const n = pick(random, 2, 8);
  return { app_name: "favpush", origin: { uid }, items: Array.from({ length: n }, () => ({ goods_id: goodsFor(uid, random) })) };
}

export interface TrafficOptions {
  url: string;
  /** Requests per second. */
  rate: number;
  signal: AbortSignal;
  random?: () => number;
  /** Sends one request (default: fetch, the answer read and dropped). */
  send?: (url: string, body: DemoRequest) => Promise<void>;
  /** Waits between requests (default: a timer that the signal cuts short). */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

async function sendWithFetch(url: string, body: DemoRequest): Promise<void> {
  const res = await fetch(`${url}/score`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
  await res.arrayBuffer();
}

function waitFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Sends requests one after another at about `rate` per second (exponential gaps, so the minutes
 * are not all alike) until the signal aborts. A failed request is counted, not retried: the
 * service being down (or restarting) is also something the Live page shows.
 */
export async function runDemoTraffic(opts: TrafficOptions): Promise<{ sent: number; failed: number }> {
  const random = opts.random ?? Math.random;
  const send = opts.send ?? sendWithFetch;
  const wait = opts.wait ?? waitFor;
  const counts = { sent: 0, failed: 0 };
  while (!opts.signal.aborted) {
    try {
      await send(opts.url, demoRequest(random));
      counts.sent++;
    } catch {
      counts.failed++;
    }
    if (opts.signal.aborted) break;
    await wait(Math.min(5_000, (-Math.log(1 - random()) * 1000) / opts.rate), opts.signal);
  }
  return counts;
}

function flag(name: string): string | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg?.slice(name.length + 3);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = flag("url");
  const rate = Number(flag("rate") ?? "3");
  if (!url || !(rate > 0 && rate <= 100)) {
    console.error("demo-traffic: --url=http://HOST:PORT is required, --rate=N (1-100 per second, default 3)");
    process.exit(2);
  }
  const stop = new AbortController();
  process.on("SIGTERM", () => stop.abort());
  process.on("SIGINT", () => stop.abort());
  console.log(`[demo-traffic] ${rate} requests per second to ${url}/score`);
  void runDemoTraffic({ url: url.replace(/\/+$/, ""), rate, signal: stop.signal }).then(({ sent, failed }) => {
    console.log(`[demo-traffic] stopped: ${sent} sent, ${failed} failed`);
    process.exit(0);
  });
}
