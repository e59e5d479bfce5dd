/**
 * The version DAG, measured:
 *
 * 1. Propagation: a data version set through the domain function (what the PUT route calls)
 *    until the output node's version is readable in the config center, through a chain of 3
 *    trigger nodes whose hooks (a real HTTP receiver on loopback) accept and confirm at once.
 *    One process, as the console runs by default: PGlite, the DAG engine, the outbox
 *    dispatcher and the built-in config center.
 * 2. Editor: a 300-node DAG saved through the API, then in Chromium (Debian's, through
 *    Playwright) the time from navigation to every node drawn, and from clicking Save (after
 *    an auto-layout) to "Saved". Against the console at --url (signed in as --email/--password,
 *    default the e2e admin), or, without --url, a console of its own: built and started like
 *    the end-to-end tests' (scripts/e2e-server.mjs) on a free port with a fresh data folder.
 *
 * Each measure rewrites its own section of bench/results/dag.md; one that fails leaves the
 * section of the last run that measured it (and the run exits 1).
 *
 *   npx tsx bench/dag.ts [--rounds=30] [--only=propagation|editor] [--url=http://127.0.0.1:3000 --email=… --password=…]
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { DagDocument } from "@/server/contracts/dag";
import { addHookEndpoint } from "@/server/dag/allowlist/add-hook-endpoint";
import { answerCallback } from "@/server/dag/callbacks/answer-callback";
import { saveDag } from "@/server/dag/documents/save-dag";
import { createDagEngine } from "@/server/dag/engine/create-dag-engine";
import type { HookPayload } from "@/server/dag/hooks/hook-request";
import { layoutDag } from "@/sdk/src/core/dag/layout-dag";
import { setDataVersion } from "@/server/dag/nodes/set-data-version";
import { createDispatcher } from "@/server/outbox/create-dispatcher";
import { startOwnConsole } from "./lib/own-console";
import { mergeResults, type ResultsSection } from "./lib/results-file";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=").slice(1).join("=");
const ROUNDS = Number(arg("rounds") ?? 30);
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const PROPAGATION = "Propagation: data version -> 3 trigger nodes (hooks confirm at once) -> output node -> config center";
const EDITOR = "Editor with a 300-node DAG, in Chromium";
// The load average says how much other work shared the cores: on this machine it moves the tails most.
const machine = () =>
  `${new Date().toISOString()}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}`;
/** Collects one section's lines (and echoes them). */
function section(heading: string) {
  const lines: string[] = [];
  console.log(`## ${heading}`);
  return {
    out: (line = "") => {
      console.log(line);
      lines.push(line);
    },
    done: (): ResultsSection => ({ heading, lines }),
  };
}

async function propagation(): Promise<ResultsSection> {
  const database = await openDatabase({});
  const db = database.db;
  await createApp(db, { actor: SYSTEM, input: { name: "benchapp", bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  // The hook receiver: answers 202, then confirms through the callback at once.
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const payload = JSON.parse(Buffer.concat(chunks).toString("utf8")) as HookPayload;
      res.writeHead(202).end();
      const token = payload.callbackUrl.split("/").pop()!;
      void answerCallback(db, { token, input: { status: "success" } }).catch((e: unknown) => console.error("callback", e));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  await addHookEndpoint(db, { actor: SYSTEM, input: { url: hookUrl } });
  const trigger = { hookUrl, method: "POST" as const, headers: {}, timeoutSeconds: 60, retries: 0, requiresApproval: false };
  const dag: DagDocument = {
    nodes: [
      { id: "d", key: "d", kind: "data", position: { x: 0, y: 0 } },
      { id: "t1", key: "t1", kind: "trigger", position: { x: 0, y: 0 }, trigger },
      { id: "t2", key: "t2", kind: "trigger", position: { x: 0, y: 0 }, trigger },
      { id: "t3", key: "t3", kind: "trigger", position: { x: 0, y: 0 }, trigger },
      { id: "o", key: "bench_out", kind: "output", position: { x: 0, y: 0 }, output: { writes: "versions" } },
    ],
    edges: [
      { id: "1", source: "d", target: "t1" },
      { id: "2", source: "t1", target: "t2" },
      { id: "3", source: "t2", target: "t3" },
      { id: "4", source: "t3", target: "o" },
    ],
  };
  await saveDag(db, { actor: SYSTEM, app: "benchapp", input: { version: 0, document: dag } });
  const center = createBuiltinConfigCenter({ db, pollMs: 50 });
  const dispatcher = createDispatcher({ db, center, pollMs: 1000 });
  dispatcher.start();
  const engine = createDagEngine({ db, publicUrl: "http://127.0.0.1:1", pollMs: 1000 });
  engine.start();

  const samples: number[] = [];
  for (let i = 1; i <= ROUNDS + 3; i++) {
    const version = String(1000 + i);
    const start = performance.now();
    let seen: string | undefined;
    const reached = new Promise<void>((resolve) => {
      const stop = center.watch("benchapp", 0, (config) => {
        if (config.versions.bench_out === version) {
          seen = version;
          stop();
          resolve();
        }
      });
    });
    await setDataVersion(db, { actor: SYSTEM, app: "benchapp", key: "d", input: { version } });
    await Promise.race([reached, new Promise((_, reject) => setTimeout(() => reject(new Error(`version ${version} did not arrive in 30 s`)), 30_000))]);
    const elapsed = performance.now() - start;
    if (seen !== version) throw new Error("wrong version");
    if (i > 3) samples.push(elapsed); // the first rounds warm up the JIT and PGlite
  }
  await engine.stop();
  await dispatcher.stop();
  await center.close();
  receiver.close();
  await database.close();

  const { out, done } = section(PROPAGATION);
  out();
  out(`${machine()}. PGlite, built-in config center, one process; ${ROUNDS} rounds after 3 warm-up rounds.`);
  out();
  out("| p50 ms | p99 ms | min ms | max ms |");
  out("| ---: | ---: | ---: | ---: |");
  out(`| ${percentile(samples, 50).toFixed(1)} | ${percentile(samples, 99).toFixed(1)} | ${Math.min(...samples).toFixed(1)} | ${Math.max(...samples).toFixed(1)} |`);
  return done();
}

function bigDag(hookUrl: string, size = 300): DagDocument {
  // 60 data nodes, each feeding a chain loader -> validator, 4 of those per output: 300 nodes.
  const nodes: DagDocument["nodes"] = [];
  const edges: DagDocument["edges"] = [];
  const trigger = { hookUrl, method: "POST" as const, headers: {}, timeoutSeconds: 300, retries: 1, requiresApproval: false };
  const groups = size / 5;
  for (let g = 0; g < groups; g++) {
    nodes.push({ id: `d${g}`, key: `data_${g}`, kind: "data", position: { x: 0, y: 0 } });
    nodes.push({ id: `l${g}`, key: `load_${g}`, kind: "trigger", position: { x: 0, y: 0 }, trigger });
    nodes.push({ id: `v${g}`, key: `validate_${g}`, kind: "trigger", position: { x: 0, y: 0 }, trigger });
    nodes.push({ id: `c${g}`, key: `check_${g}`, kind: "trigger", position: { x: 0, y: 0 }, trigger });
    nodes.push({ id: `o${g}`, key: `out_${g}`, kind: "output", position: { x: 0, y: 0 }, output: { writes: "versions" } });
    edges.push({ id: `a${g}`, source: `d${g}`, target: `l${g}` }, { id: `b${g}`, source: `l${g}`, target: `v${g}` }, { id: `e${g}`, source: `v${g}`, target: `c${g}` }, { id: `f${g}`, source: `c${g}`, target: `o${g}` });
    if (g > 0) edges.push({ id: `x${g}`, source: `v${g - 1}`, target: `c${g}` });
  }
  return layoutDag({ nodes, edges }, { columnWidth: 270, rowHeight: 165 });
}

async function editor(url: string, where: string, { email, password }: { email: string; password: string }): Promise<ResultsSection> {
  const { chromium, request } = await import("@playwright/test");
  const api = await request.newContext({ baseURL: url });
  const signIn = await api.post("/api/v1/auth/sign-in", { data: { email, password } });
  if (signIn.status() !== 200) throw new Error(`sign-in: ${signIn.status()} ${await signIn.text()}`);
  const app = `bench${Date.now().toString(36)}`;
  await api.post("/api/v1/apps", { data: { name: app, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  const hooks = (await (await api.get("/api/v1/admin/hook-allowlist")).json()) as { endpoints: { url: string }[] };
  let hookUrl = hooks.endpoints[0]?.url;
  if (!hookUrl) {
    hookUrl = "http://127.0.0.1:9/bench-hook";
    await api.post("/api/v1/admin/hook-allowlist", { data: { url: hookUrl } });
  }
  const saved = await api.put(`/api/v1/apps/${app}/dag`, { data: { version: 0, document: bigDag(hookUrl) } });
  if (saved.status() !== 200) throw new Error(`save: ${saved.status()} ${await saved.text()}`);

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const version = browser.version();
  const firstRender: number[] = [];
  const saves: number[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, storageState: await api.storageState() });
    const page = await context.newPage();
    for (let i = 0; i < 5; i++) {
      const start = Date.now();
      await page.goto(`${url}/dag?app=${app}`);
      await page.waitForFunction(() => document.querySelectorAll("[data-testid^=dag-node-]").length >= 300, undefined, { timeout: 120_000, polling: 16 });
      firstRender.push(Date.now() - start);
      // A change the editor makes on the whole graph (auto-layout), then save.
      await page.getByRole("button", { name: "Auto-layout" }).click();
      const saveStart = Date.now();
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText(/Saved as version \d+\./).waitFor({ timeout: 60_000 });
      saves.push(Date.now() - saveStart);
    }
  } finally {
    await browser.close();
    await api.dispose();
  }
  const { out, done } = section(EDITOR);
  out();
  out(`${machine()}. ${where}; Chromium ${version}, 1920x1080; 5 rounds. First render: navigation until all 300 nodes are in the DOM. Save: after Auto-layout, click Save until "Saved".`);
  out();
  out("| measure | p50 ms | max ms |");
  out("| --- | ---: | ---: |");
  out(`| first render | ${percentile(firstRender, 50)} | ${Math.max(...firstRender)} |`);
  out(`| save (300 nodes, 304 edges) | ${percentile(saves, 50)} | ${Math.max(...saves)} |`);
  return done();
}

const only = arg("only");
const measured: ResultsSection[] = [];
let failed = false;
const attempt = async (name: string, measure: () => Promise<ResultsSection>) => {
  if (only && only !== name) return;
  try {
    measured.push(await measure());
  } catch (e) {
    failed = true;
    console.error(`The ${name} measure failed; its section keeps the last run's numbers.`, e);
  }
};

await attempt("propagation", propagation);
await attempt("editor", async () => {
  // The e2e admin by default: the one scripts/e2e-server.mjs creates on a fresh data folder.
  const creds = { email: arg("email") ?? process.env.E2E_ADMIN_EMAIL ?? "e2e-admin@scoring.local", password: arg("password") ?? process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password" };
  const url = arg("url");
  if (url) return editor(url, `Console at ${url}`, creds);
  console.log("Building and starting a console of its own for the editor measure (scripts/e2e-server.mjs), a few minutes…");
  const own = await startOwnConsole({ adminEmail: creds.email, adminPassword: creds.password });
  try {
    return await editor(own.url, "A console of its own (production build, fresh data folder, started by the benchmark)", creds);
  } finally {
    await own.stop();
  }
});

const dir = path.join(import.meta.dirname, "results");
const file = path.join(dir, "dag.md");
mkdirSync(dir, { recursive: true });
const title = ["# Version DAG benchmark", "", "`npm run bench -- dag` (`bench/dag.ts`). Each section says when and where it was measured.", ""];
writeFileSync(file, mergeResults(existsSync(file) ? readFileSync(file, "utf8") : null, title, [PROPAGATION, EDITOR], measured));
process.exit(failed ? 1 : 0);
