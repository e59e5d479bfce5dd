/**
 * Config center, measured: publish -> the SDK's onChange callback, on both centers.
 *
 * For each center: an app, the outbox dispatcher and the center in this process (PGlite, as the
 * console runs by default), and an SDK client following the app over the real transport (the
 * built-in center: HTTP long-poll against the real route handler on a loopback port; etcd: a
 * real etcd on a free loopback port, started here). Each round makes a release as an approval
 * makes it (test/support/approved-release.ts: its outbox record pending at once, so neither the
 * approval nor the verification an automatic release is held for is timed; the dispatcher skips
 * the delivery re-check of the models, which this world has none of) and waits for the SDK
 * callback.
 *
 *   end to end   = from making the release (release + outbox committed, dispatcher woken)
 *                  to the SDK's onChange with that release
 *   after delivery = from the center accepting the release (its publish returned) to the same
 *                  callback: what "a change reaches a waiting client" costs
 *
 *   npx tsx bench/config-center.ts [--rounds=50]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import * as configRoute from "@/app/api/config/v1/apps/[app]/route";
import { openDatabase, type Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { createEtcdConfigCenter } from "@/server/config-center/etcd/create-etcd-config-center";
import { createDispatcher } from "@/server/outbox/create-dispatcher";
import { issueToken } from "@/server/tokens/issue-token";
import { createConfigClient } from "@/sdk/src";
import type { PublishedConfig } from "@/sdk/src/core/published/types";
import { approvedRelease } from "@/test/support/approved-release";
import { startEtcd } from "@/test/support/etcd";
import { serveRoutes } from "@/test/support/serve-routes";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=").slice(1).join("=");
const ROUNDS = Number(arg("rounds") ?? 50);
const WARMUP = 5;
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const lines: string[] = [];
const out = (line = "") => {
  console.log(line);
  lines.push(line);
};
const row = (label: string, xs: number[]) =>
  `| ${label} | ${percentile(xs, 50).toFixed(1)} | ${percentile(xs, 99).toFixed(1)} | ${Math.min(...xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`;

interface Setup {
  center: ConfigCenter;
  sdkOptions: Record<string, unknown>;
  close(): Promise<void>;
}

async function measure(kind: "builtin" | "etcd"): Promise<{ endToEnd: number[]; afterDelivery: number[] }> {
  const database: Database = await openDatabase({});
  const db = database.db;
  (globalThis as { __scoringDb?: Promise<Database> }).__scoringDb = Promise.resolve(database);
  const app = `bench-${kind}`;
  await createApp(db, { actor: SYSTEM, input: { name: app, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  const setup = kind === "builtin" ? await builtin(database) : await etcd();

  // Record when the center accepted each release.
  const acceptedAt = new Map<string, number>();
  const timed: ConfigCenter = {
    ...setup.center,
    kind: setup.center.kind,
    async publish(input) {
      const result = await setup.center.publish(input);
      acceptedAt.set(input.releaseId, performance.now());
      return result;
    },
  };
  // Its world has no model servers: the delivery re-check of the models (docs/verification.md) is not what is timed here.
  const dispatcher = createDispatcher({ db, center: timed, pollMs: 1_000, recheckReferences: false });
  dispatcher.start();

  const document = { app_name: app, solutions: [{ v1: { features: {}, model: { name: "lr", version: "lr_v1" }, fg: { class: "LRFg", version: "v1" }, buckets: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] } }] };
  await approvedRelease(db, { app, comment: "initial", change: { document, versions: { bench_vec: "0" } } });
  await new Promise<void>((resolve) => {
    const check = async () => ((await setup.center.read(app).catch(() => null)) ? resolve() : setTimeout(check, 20));
    void check();
  });

  const client = await createConfigClient({ ...(setup.sdkOptions as { url: string; token: string }), app, onError: () => undefined });
  const waiters = new Map<string, (at: number) => void>();
  client.onChange((config: PublishedConfig) => waiters.get(config.versions.bench_vec ?? "")?.(performance.now()));

  const endToEnd: number[] = [];
  const afterDelivery: number[] = [];
  for (let i = 1; i <= WARMUP + ROUNDS; i++) {
    const version = String(i);
    const seen = new Promise<number>((resolve, reject) => {
      waiters.set(version, resolve);
      setTimeout(() => reject(new Error(`${kind}: version ${version} did not reach the SDK in 30 s`)), 30_000).unref();
    });
    const started = performance.now();
    const release = await approvedRelease(db, { app, comment: `round ${i}`, change: { versions: { bench_vec: version } } });
    const at = await seen;
    waiters.delete(version);
    // etcd's watch event can overtake the answer to the write itself: wait for both.
    while (!acceptedAt.has(release.id)) await new Promise((resolve) => setTimeout(resolve, 1));
    if (i > WARMUP) {
      endToEnd.push(at - started);
      afterDelivery.push(at - acceptedAt.get(release.id)!);
    }
  }
  await client.close();
  await dispatcher.stop();
  await setup.close();
  await database.close();
  return { endToEnd, afterDelivery };
}

async function builtin(database: Database): Promise<Setup> {
  const center = createBuiltinConfigCenter({ db: database.db });
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = Promise.resolve({ center, location: "builtin" });
  const token = (await issueToken(database.db, { actor: SYSTEM, input: { name: `bench-${randomUUID()}`, scopes: ["config:read"] } })).secret;
  const served = await serveRoutes([{ method: "GET", pattern: "/api/config/v1/apps/:app", handler: configRoute.GET }]);
  return {
    center,
    sdkOptions: { url: served.url, token, waitSeconds: 30 },
    async close() {
      await served.close();
      await center.close();
    },
  };
}

async function etcd(): Promise<Setup> {
  const server = await startEtcd();
  const prefix = `/bench-${randomUUID()}`;
  const center = createEtcdConfigCenter({ endpoints: [server.endpoint], prefix });
  return {
    center,
    sdkOptions: { etcd: { endpoints: [server.endpoint], prefix } },
    async close() {
      await center.close();
      await server.dispose();
    },
  };
}

async function main() {
  out("# Config center benchmark: publish -> SDK callback");
  out();
  out(`${new Date().toISOString()}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "?"}), Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the start (tails grow with it).`);
  out();
  out(`One process: PGlite, the outbox dispatcher, the center and an SDK client over the real transport (built-in: HTTP long-poll on loopback; etcd: a local etcd). ${ROUNDS} publishes after ${WARMUP} warm-up ones, one at a time. Targets: p99 under 100 ms built-in, under 50 ms etcd.`);
  out();
  out("| center / span | p50 ms | p99 ms | min ms | max ms |");
  out("| --- | ---: | ---: | ---: | ---: |");
  for (const kind of ["builtin", "etcd"] as const) {
    const { endToEnd, afterDelivery } = await measure(kind);
    out(row(`${kind}: publish -> SDK callback`, endToEnd));
    out(row(`${kind}: center accepted -> SDK callback`, afterDelivery));
  }
  out();
  out("A negative \"center accepted\" time means the SDK heard of the release before the console got the center's answer to its write (etcd: the watch event overtakes the write's response).");
  out("PGlite runs inside the console's process and blocks its event loop while it works (marking the delivery, the audit row), which the built-in numbers include; with PostgreSQL that work leaves the process.");
  out("`publish` = a release committed as an approval commits it, with its outbox record (no approval or verification timed); the dispatcher is woken in-process, claims the record, publishes, marks it delivered. Across console processes a dispatcher finds a record at its next poll (1 s) instead.");
  const dir = path.join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "config-center.md"), `${lines.join("\n")}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
