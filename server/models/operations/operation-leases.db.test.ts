import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { openDatabase, type Database } from "@/db/client";
import { modelOperations } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { registerInstance } from "@/server/registry/register-instance";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import { modelConfig, publishJsonModel, startQuietServer, tempDir } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { waitUntil } from "@/test/support/etcd";
import { createPerson, type TestPerson } from "@/test/support/people";
import { allowInstanceHosts } from "@/test/support/instance-allowlist";
import { createPostgresDatabase, createTestDatabase } from "@/test/support/test-db";
import { createModel } from "../create-model";
import { failInterruptedOperations } from "./fail-interrupted";
import { getOperation } from "./list-operations";
import { assertLeaseHeld } from "./operation-lease";
import { startModelOperation } from "./start-operation";

/**
 * Model operations are one at a time per instance address, across console processes (issue 16,
 * High 2). Two models, x and y, share one dev model server. Version 2 of x has a named pipe for
 * its model.json: its load blocks until the test writes the file, so an operation loading it
 * stays running exactly as long as the test needs (no sleeps, no timing).
 */
const onPostgres = process.env.TEST_DB_KIND === "postgres" && Boolean(process.env.TEST_DATABASE_URL);
const root = path.resolve(import.meta.dirname, "../../..");
const lrModel = (bias: number) => ({ kind: "logistic_regression", inputs: [{ name: "x", size: 1 }], output: "probability", weights: [1], bias });

interface World {
  server: RunningModelServer;
  address: string;
  /** Lets the blocked load of x version 2 finish. */
  release(): void;
}

async function startWorld(db: Db, editor: TestPerson): Promise<World> {
  const dir = tempDir("console-leases");
  const xBase = path.join(dir, "x");
  const yBase = path.join(dir, "y");
  publishJsonModel(xBase, 1, lrModel(0.1));
  fs.mkdirSync(path.join(xBase, "2"), { recursive: true });
  const gate = path.join(xBase, "2", "model.json");
  execFileSync("mkfifo", [gate]);
  for (const v of [1, 2]) publishJsonModel(yBase, v, lrModel(v / 10));
  const server = await startQuietServer({
    loadDelayMs: 20,
    models: [modelConfig("x", xBase, { kind: "specific", versions: [1] }), modelConfig("y", yBase, { kind: "specific", versions: [1] })],
  });
  const address = `127.0.0.1:${server.grpcPort}`;
  await createModel(db, { actor: editor.actor, input: { name: "x", basePath: xBase, policy: { kind: "specific", versions: [1] } } });
  await createModel(db, { actor: editor.actor, input: { name: "y", basePath: yBase, policy: { kind: "specific", versions: [1] } } });
  await allowInstanceHosts(db);
  for (const model of ["x", "y"]) await registerInstance(db, { actor: editor.actor, input: { model, address, ttlSeconds: 600 } });
  const release = () => {
    // Only when the server is reading the pipe (a non-blocking open fails otherwise).
    try {
      const fd = fs.openSync(gate, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      fs.writeSync(fd, JSON.stringify(lrModel(0.2)));
      fs.closeSync(fd);
    } catch {
      /* nobody reads it */
    }
  };
  return { server, address, release };
}

const stateOf = async (address: string, model: string, version: number) =>
  (await getTfsClient(address).getModelStatus({ name: model })).find((v) => v.version === version)?.state;

const expireLease = (db: Db, operationId: string) =>
  db.update(modelOperations).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(modelOperations.id, operationId));

describe.skipIf(!onPostgres)("model operations in two console processes on one PostgreSQL", () => {
  let database: Database;
  let url = "";
  let drop: () => Promise<void> = async () => {};
  let world: World;
  let editor: TestPerson;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const created = await createPostgresDatabase("sc_leases");
    url = created.url;
    drop = created.drop;
    database = await openDatabase({ url });
    editor = await createPerson(database.db, "editor");
    world = await startWorld(database.db, editor);
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    world?.release();
    closeTfsClients();
    await world?.server.close();
    await database?.close();
    await drop();
  });

  function startProcess(model: string, request: object) {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "test/support/model-operation-process.ts")], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, MODEL: model, REQUEST: JSON.stringify(request) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const output: string[] = [];
    child.stdout?.on("data", (chunk: Buffer) => output.push(...chunk.toString().split("\n").filter(Boolean)));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    return { child, output };
  }

  it("a second process neither fails a live operation at start nor runs one on a busy instance; an expired lease is taken over", async () => {
    const db = database.db;
    // Process A loads x version 2; its load hangs on the pipe, so the operation keeps running.
    const a = startProcess("x", { kind: "load", version: 2 });
    await waitUntil(() => a.output.some((l) => l.startsWith("started ")), { what: `process A to start its operation (${a.output.join(" | ")})`, timeoutMs: 30_000 });
    const opA = a.output.find((l) => l.startsWith("started "))!.slice("started ".length);
    await waitUntil(async () => (await stateOf(world.address, "x", 2)) === "LOADING", { what: "x version 2 LOADING", timeoutMs: 30_000 });

    // This process starting (what bootstrap does) leaves A's operation alone: its lease is live.
    expect(await failInterruptedOperations(db)).toBe(0);
    expect((await getOperation(db, "x", opA)).state).toBe("running");

    // y shares the instance: its reload would send x's config too, so it is refused, naming A's operation.
    await expect(startModelOperation(db, { actor: editor.actor, model: "y", request: { kind: "load", version: 2 }, pollMs: 20 })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining(world.address),
      details: { operation: opA, model: "x", instance: world.address },
    });
    expect((await getOperation(db, "x", opA)).state).toBe("running");

    // A dies and its lease runs out (expired here rather than waited for): the next operation takes over.
    a.child.kill("SIGKILL");
    await new Promise((resolve) => (a.child.exitCode !== null || a.child.signalCode !== null ? resolve(null) : a.child.once("exit", resolve)));
    await expireLease(db, opA);
    const { operation, done } = await startModelOperation(db, { actor: editor.actor, model: "y", request: { kind: "load", version: 2 }, pollMs: 20 });
    const failedA = await getOperation(db, "x", opA);
    expect(failedA.state).toBe("failed");
    expect(failedA.error).toMatch(/lease expired/);
    await done;
    const opB = await getOperation(db, "y", operation.id);
    expect(opB.state, opB.error ?? "").toBe("succeeded");
    expect(await stateOf(world.address, "y", 2)).toBe("AVAILABLE");
    expect(await stateOf(world.address, "x", 1)).toBe("AVAILABLE");
  }, 120_000);
});

describe("a model operation that lost its lease writes nothing more to its instances", () => {
  let database: Database;
  let world: World;
  let editor: TestPerson;

  beforeAll(async () => {
    database = await createTestDatabase();
    editor = await createPerson(database.db, "editor");
    world = await startWorld(database.db, editor);
  });

  afterAll(async () => {
    world?.release();
    closeTfsClients();
    await world?.server.close();
    await database?.close();
  });

  it("is taken over once its lease expired; its fenced rollback is refused and the new operation's work stays", async () => {
    const db = database.db;
    // A process that stalls (its lease lapses while it still runs), played by an owner of its own.
    const stalled = await startModelOperation(db, { actor: SYSTEM, model: "x", request: { kind: "load", version: 2 }, pollMs: 20, owner: "stalled-process" });
    await waitUntil(async () => (await stateOf(world.address, "x", 2)) === "LOADING", { what: "x version 2 LOADING", timeoutMs: 30_000 });
    // In one process too, the grain is the instance: y's reload would send x's config.
    await expect(startModelOperation(db, { actor: editor.actor, model: "y", request: { kind: "load", version: 2 }, pollMs: 20 })).rejects.toMatchObject({
      status: 409,
      details: { operation: stalled.operation.id, model: "x", instance: world.address },
    });
    await expireLease(db, stalled.operation.id);

    const next = await startModelOperation(db, { actor: editor.actor, model: "y", request: { kind: "load", version: 2 }, pollMs: 20 });
    await next.done;
    expect((await getOperation(db, "y", next.operation.id)).state).toBe("succeeded");

    // The stalled run notices at its next renewal, stops, and may not roll back: the instance is no longer its own.
    await stalled.done;
    const op = await getOperation(db, "x", stalled.operation.id);
    expect(op.state).toBe("failed");
    // Failed by the takeover, or by the run itself if its renewal noticed first: either way, for its lease.
    expect(op.error).toMatch(/lease expired|lost its lease/);
    expect(op.steps.map((s) => s.message)).toEqual(expect.arrayContaining([expect.stringMatching(/lost its lease/)]));
    expect(op.steps.some((s) => s.message === "previous config restored")).toBe(false);
    await expect(assertLeaseHeld(db, { operationId: stalled.operation.id, owner: "stalled-process", address: world.address })).rejects.toMatchObject({ status: 409 });
    expect(await stateOf(world.address, "y", 2)).toBe("AVAILABLE");
  }, 60_000);

  it("at start fails only operations whose lease expired", async () => {
    const db = database.db;
    const [live] = await db
      .insert(modelOperations)
      .values({ model: "x", kind: "label", params: {}, state: "running", createdBy: "other", owner: "other", leaseExpiresAt: sql`now() + interval '1 minute'` })
      .returning();
    const [dead] = await db
      .insert(modelOperations)
      .values({ model: "x", kind: "label", params: {}, state: "running", createdBy: "other", owner: "other", leaseExpiresAt: sql`now() - interval '1 second'` })
      .returning();
    expect(await failInterruptedOperations(db)).toBe(1);
    expect((await getOperation(db, "x", live!.id)).state).toBe("running");
    expect((await getOperation(db, "x", dead!.id)).state).toBe("failed");
  });
});
