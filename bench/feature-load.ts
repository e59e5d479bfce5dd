import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import { openDatabase, type Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { createFeatureTable } from "@/server/feature-tables/create-feature-table";
import { findFeatureTable } from "@/server/feature-tables/find-feature-table";
import { loadFeatureRows } from "@/server/feature-tables/load-feature-rows";
import { lookupFeatureKey } from "@/server/feature-tables/lookup-feature-key";
import { mergeResults, type ResultsSection } from "./lib/results-file";

/**
 * Loading a 1,000,000-row CSV (about 16 MB) into a built-in feature table while the console goes
 * on serving others (issue 16, High 1), on PostgreSQL and on PGlite, in one process as the
 * console runs it: the load (reading and checking the file, staging the rows in batches,
 * carrying over the current rows of other keys, the switch, deleting the previous rows) and, meanwhile, other requests at a fixed rate — key
 * lookups (what trial scoring does; one table of them the one being loaded) and a registry read, in turn.
 *
 * Latency is counted from when a request was DUE (every 10 ms), not from when it could start:
 * an event loop or a database held for a second shows as a second on every request due in it.
 *
 *   npm run bench -- feature-load [--rows=1000000] [--pg=postgres://postgres@127.0.0.1:5432] [--only=postgres|pglite]
 *
 * PostgreSQL: a fresh database is created on that server for the run and dropped afterwards.
 * Targets: PostgreSQL load under 30 s and other requests' p99 under 250 ms; PGlite p99 under 1 s.
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=").slice(1).join("=");
const ROWS = Number(arg("rows") ?? 1_000_000);
const PG = (arg("pg") ?? process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432").replace(/\/+$/, "");
const ONLY = arg("only");
const INTERVAL_MS = 10;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

function csv(rows: number, suffix = ""): string {
  const lines = ["key,value"];
  for (let i = 0; i < rows; i++) lines.push(`u${i}${suffix},${((i % 99991) / 99991).toFixed(5)}`);
  return lines.join("\n") + "\n";
}

/** Requests due every INTERVAL_MS until stopped; each one's latency from when it was due. */
function startTraffic(request: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const inflight = new Set<Promise<unknown>>();
  const t0 = performance.now();
  let due = 0;
  let stopped = false;
  let errors = 0;
  const tick = () => {
    if (stopped) return;
    const now = performance.now();
    for (; t0 + due * INTERVAL_MS <= now; due++) {
      const dueAt = t0 + due * INTERVAL_MS;
      const p = request(due).then(
        () => latencies.push(performance.now() - dueAt),
        () => errors++,
      );
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    setTimeout(tick, INTERVAL_MS / 2);
  };
  tick();
  return {
    async stop() {
      stopped = true;
      await Promise.all(inflight);
      const sorted = latencies.sort((a, b) => a - b);
      return { n: sorted.length, errors, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
    },
  };
}

async function freshPostgres(): Promise<{ database: Database; drop(): Promise<void> }> {
  const name = `bench_feature_load_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const database = await openDatabase({ url: `${PG}/${name}` });
  return {
    database,
    async drop() {
      await database.close();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

async function measure(kind: "postgres" | "pglite", text: string, nextVersion: string): Promise<ResultsSection> {
  const opened = kind === "postgres" ? await freshPostgres() : { database: await openDatabase({}), drop: async () => undefined };
  const { db } = opened.database;
  try {
    await createFeatureTable(db, { actor: SYSTEM, input: { name: "big_tbl", operator: "getKV", storage: "builtin", encoding: "json" } });
    await createFeatureTable(db, { actor: SYSTEM, input: { name: "small_tbl", operator: "getKV", storage: "builtin", encoding: "json" } });
    const small = ["key,value", ...Array.from({ length: 1000 }, (_, i) => `k${i},${i}`)].join("\n");
    await loadFeatureRows(db, { actor: SYSTEM, table: "small_tbl", input: { format: "csv", text: small } });
    // What trial scoring and the pages do most: key lookups (one of them in the table being loaded) and a registry read.
    const request = (i: number) =>
      i % 3 === 0
        ? lookupFeatureKey(db, { table: "small_tbl", key: `k${i % 1000}` })
        : i % 3 === 1
          ? lookupFeatureKey(db, { table: "big_tbl", key: `u${i % ROWS}` })
          : findFeatureTable(db, "small_tbl");

    // The same traffic with no load, for scale (and to warm up).
    const idle = startTraffic(request);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const quiet = await idle.stop();

    const runs: string[] = [];
    // Three times: into the empty table; the same keys again (each of the table's rows checked
    // for carrying over, none carried, the previous generation deleted); then as many keys of
    // another data version (`u<i>|v2`), the table's million rows carried over beside them.
    const rounds = [
      ["into an empty table", text],
      [`reloading its ${ROWS.toLocaleString("en")} keys`, text],
      [`${ROWS.toLocaleString("en")} keys of a new version (the old ones carried over)`, nextVersion],
    ] as const;
    for (const [round, file] of rounds) {
      const traffic = startTraffic(request);
      // Tells a held event loop (this process) from a busy database in the other requests' tail.
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const t0 = performance.now();
      const result = await loadFeatureRows(db, { actor: SYSTEM, table: "big_tbl", input: { format: "csv", text: file } });
      const seconds = (performance.now() - t0) / 1000;
      const during = await traffic.stop();
      loopDelay.disable();
      const loopMax = loopDelay.max / 1e6;
      const check = await lookupFeatureKey(db, { table: "big_tbl", key: `u${ROWS - 1}` });
      const checkNew = file === nextVersion ? await lookupFeatureKey(db, { table: "big_tbl", key: `u${ROWS - 1}|v2` }) : check;
      if (!check.found || !checkNew.found || result.keys !== ROWS) throw new Error(`${kind}: the load did not hold every row`);
      runs.push(`| ${round} | ${seconds.toFixed(1)} | ${during.n} | ${ms(during.p50)} | ${ms(during.p99)} | ${ms(during.max)} | ${ms(loopMax)} | ${during.errors} |`);
      console.log(`${kind} ${round}: load ${seconds.toFixed(1)} s, others p50 ${ms(during.p50)} ms p99 ${ms(during.p99)} ms max ${ms(during.max)} ms (${during.n}), event loop held at most ${ms(loopMax)} ms, load average ${os.loadavg()[0]!.toFixed(1)}`);
    }
    const label = kind === "postgres" ? "PostgreSQL" : "PGlite";
    return {
      heading: label,
      lines: [
        `Measured ${new Date().toISOString()}; ${label}${kind === "postgres" ? " (local server, fresh database)" : " (in memory)"}. Other requests before the load (the first 3 s, warming up): p50 ${ms(quiet.p50)} ms, p99 ${ms(quiet.p99)} ms (${quiet.n}). Load average at the end ${os.loadavg()[0]!.toFixed(1)} (2 cores).`,
        ``,
        `| load | total (s) | other requests | p50 (ms) | p99 (ms) | max (ms) | event loop held at most (ms) | errors |`,
        `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
        ...runs,
      ],
    };
  } finally {
    await opened.drop();
  }
}

const text = csv(ROWS);
const nextVersion = csv(ROWS, "|v2");
console.log(`${ROWS} rows, ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB of CSV`);
const measured: ResultsSection[] = [];
let failed = false;
for (const kind of ["postgres", "pglite"] as const) {
  if (ONLY && ONLY !== kind) continue;
  try {
    measured.push(await measure(kind, text, nextVersion));
  } catch (e) {
    failed = true;
    console.error(`${kind}: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

const title = [
  `# Feature table load: 1,000,000 rows while others are served`,
  ``,
  `A ${(Buffer.byteLength(text) / 1e6).toFixed(0)} MB CSV of ${ROWS} rows (\`key,value\`, getKV, json) loaded into a built-in table (\`loadFeatureRows\`: check the file, stage the rows as a new generation in batches, carry over the current rows of keys the file does not hold (a load merges), switch, delete the previous generation), in one process with, every ${INTERVAL_MS} ms, another request (a key lookup in a small table, one in the table being loaded, a registry read, in turn) whose latency counts from when it was due. Node ${process.version}, ${os.cpus().length} CPU(s) shared with other work (${os.cpus()[0]?.model ?? "unknown"}).`,
  ``,
  `Targets: PostgreSQL load under 30 s and other requests' p99 under 250 ms; PGlite other requests' p99 under 1 s.`,
  ``,
];
const dir = path.join(import.meta.dirname, "results");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, "feature-load.md");
writeFileSync(file, mergeResults(existsSync(file) ? readFileSync(file, "utf8") : null, title, ["PostgreSQL", "PGlite"], measured));
console.log(`Written to ${path.relative(process.cwd(), file)}`);
process.exit(failed ? 1 : 0);
