import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { dagHookCalls, dagNodeEvents, dagOutputWrites, releases } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { getLatestContent } from "@/server/releases/get-latest-content";
import { waitUntil } from "@/test/support/etcd";
import { callbackToken, startHookReceiver } from "@/test/support/hook-receiver";
import { createPerson } from "@/test/support/people";
import { addHookEndpoint } from "../allowlist/add-hook-endpoint";
import { answerCallback } from "../callbacks/answer-callback";
import { saveDag } from "../documents/save-dag";
import { buildDag } from "../graph/test-dag";
import { setDataVersion } from "../nodes/set-data-version";
import { createPostgresDatabase } from "@/test/support/test-db";
import { secretKey } from "@/server/crypto/secret-key";

/**
 * Two engines in two processes (test/support/dag-engine-process.ts) on one PostgreSQL database driving the same
 * DAG, both polling every 10 ms so they contend for every step: the app's DAG lock (FOR UPDATE
 * SKIP LOCKED) must give each step to exactly one of them. PostgreSQL only: PGlite cannot be
 * shared by two processes, and in one process the steps would be serialised anyway.
 */
const adminUrl = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.TEST_DB_KIND === "postgres" && Boolean(adminUrl);
const root = path.resolve(import.meta.dirname, "../../..");
const APP = "twoengines";
const TRIGGERS = ["t1", "t2", "t3", "t4"];
/** At least this many data versions, and more (up to MAX_VERSIONS) until both engines have called a hook. */
const MIN_VERSIONS = 3;
const MAX_VERSIONS = 15;
let url = "";
let dropDatabase: () => Promise<void> = async () => {};
let database: Database;
let receiver: Awaited<ReturnType<typeof startHookReceiver>>;
const children: EngineProcess[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  const created = await createPostgresDatabase("sc_dag2");
  url = created.url;
  dropDatabase = created.drop;
  database = await openDatabase({ url });
  receiver = await startHookReceiver();
});

afterAll(async () => {
  if (!onPostgres) return;
  // The test stops its engines; one still running here is left by a failure: no grace.
  for (const engine of children) await stopProcess(engine, "SIGKILL");
  await receiver?.close();
  await database?.close();
  await dropDatabase();
});

type EngineProcess = { child: ChildProcess; output: string[]; closed: Promise<number | null> };

/** Signals the process; resolves with its exit code once it ended and all its output was read. */
function stopProcess({ child, closed }: EngineProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  return closed;
}

function startEngineProcess(engineId: string): EngineProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "test/support/dag-engine-process.ts")], {
    cwd: root,
    // The key this process encrypted the hook secret with, so the engines can sign with it.
    env: { ...process.env, DATABASE_URL: url, ENGINE_ID: engineId, DAG_ENGINE: "1", SECRET_KEY: secretKey().toString("hex") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const started = { child, output: [] as string[], closed: new Promise<number | null>((resolve) => child.once("close", resolve)) };
  child.stdout?.on("data", (chunk: Buffer) => started.output.push(...chunk.toString().split("\n").filter(Boolean)));
  child.stderr?.on("data", (chunk: Buffer) => started.output.push(chunk.toString()));
  children.push(started);
  return started;
}

describe.skipIf(!onPostgres)("two engine processes on one PostgreSQL", () => {
  it("call each hook exactly once per version and do every step once", async () => {
    const db = database.db;
    const editor = await createPerson(db, "editor");
    const { secret } = await addHookEndpoint(db, { actor: SYSTEM, input: { url: receiver.url(), description: "test receiver" } });
    receiver.setSecret(secret);
    await createApp(db, { actor: SYSTEM, input: { name: APP, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
    // A fan-out, a join and a chain: several steps per version that both engines go for.
    const dag = buildDag({ d: "data", t1: "trigger", t2: "trigger", t3: "trigger", t4: "trigger", o: "output" }, [
      "d->t1",
      "d->t2",
      "d->t3",
      "t1->t4",
      "t2->t4",
      "t3->t4",
      "t4->o",
    ]);
    for (const node of dag.nodes) if (node.trigger) node.trigger.hookUrl = receiver.url();
    await saveDag(db, { actor: editor.actor, app: APP, input: { version: 0, document: dag } });

    const engines = [startEngineProcess("engine-a"), startEngineProcess("engine-b")];
    for (const e of engines) await waitUntil(() => e.output.includes("started"), { what: `an engine process to start (${e.output.join(" | ")})`, timeoutMs: 30_000 });

    const confirmed = new Set<string>();
    // Which engine takes a step is the scheduler's choice: versions go on until both have called
    // a hook (the test would prove nothing if one of them sat idle), at least MIN_VERSIONS.
    const VERSIONS: string[] = [];
    for (let n = 1; n <= MAX_VERSIONS; n++) {
      const version = String(n);
      VERSIONS.push(version);
      await setDataVersion(db, { actor: editor.actor, app: APP, key: "d", input: { version } });
      // The receiver answers 202; the test plays the outside and confirms each call it gets.
      await waitUntil(
        async () => {
          for (const hook of receiver.received) {
            if (confirmed.has(hook.payload.callId)) continue;
            confirmed.add(hook.payload.callId);
            await answerCallback(db, { token: callbackToken(hook.payload), input: { status: "success" } });
          }
          return (await getLatestContent(db, APP))?.versions.o === version;
        },
        { what: `version ${version} to reach the config center`, timeoutMs: 30_000, intervalMs: 20 },
      );
      const callers = await db.selectDistinct({ by: dagHookCalls.calledBy }).from(dagHookCalls).where(eq(dagHookCalls.app, APP));
      if (n >= MIN_VERSIONS && callers.length === 2) break;
    }
    // Stop both engines (each finishes its pass and waits for its hook requests): once they have
    // exited, a late duplicate the lock let through would already be in the receiver and tables.
    expect(await Promise.all(engines.map((e) => stopProcess(e, "SIGTERM")))).toEqual([0, 0]);

    for (const e of engines) expect(e.output.filter((line) => !line.startsWith("started"))).toEqual([]);
    const expected = TRIGGERS.flatMap((node) => VERSIONS.map((version) => `${node}@${version}`)).sort();
    expect(receiver.received.every((h) => h.signatureValid)).toBe(true);
    expect(receiver.received.map((h) => `${h.payload.node}@${h.payload.version}#${h.payload.attempt}`).sort()).toEqual(expected.map((c) => `${c}#1`));
    const calls = await db.select().from(dagHookCalls).where(eq(dagHookCalls.app, APP));
    expect(calls.map((c) => `${c.nodeKey}@${c.version}`).sort()).toEqual(expected);
    expect(calls.every((c) => c.status === "confirmed")).toBe(true);
    // Both processes took steps.
    expect(new Set(calls.map((c) => c.calledBy))).toEqual(new Set(["engine-a", "engine-b"]));

    // Every step once: one history line per (node, step, version), one write and one release per
    // version. (No hook_accepted: the test often confirms before the 202 is recorded, as it may.)
    const events = await db.select().from(dagNodeEvents).where(eq(dagNodeEvents.app, APP)).orderBy(asc(dagNodeEvents.id));
    for (const type of ["ready", "hook_called", "hook_confirmed", "promoted"]) {
      const seen = events.filter((e) => e.type === type).map((e) => `${e.key}@${e.version}`).sort();
      expect(seen, `${type} events`).toEqual(expected);
    }
    expect(events.filter((e) => e.type === "output_written")).toHaveLength(VERSIONS.length);
    const writes = await db.select().from(dagOutputWrites).where(eq(dagOutputWrites.app, APP)).orderBy(asc(dagOutputWrites.createdAt));
    expect(writes.map((w) => [w.status, w.versions])).toEqual(VERSIONS.map((v) => ["delivered", { o: v }]));
    const made = await db.select().from(releases).where(and(eq(releases.app, APP))).orderBy(asc(releases.seq));
    expect(made).toHaveLength(VERSIONS.length);
  }, 120_000);
});
