import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as operationsRoute from "@/app/api/v1/models/[model]/operations/route";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { favpushSolutions } from "@/db/seed/favpush";
import { modelOperations, models } from "@/db/schema";
import type { ModelOperationRequest } from "@/server/contracts/models";
import { registerInstance } from "@/server/registry/register-instance";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import { modelConfig, publishJsonModel, startQuietServer, tempDir } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { callRoute } from "@/test/support/call-route";
import { allowInstanceHosts } from "@/test/support/instance-allowlist";
import { createPerson, type TestPerson } from "@/test/support/people";
import { deliveredRelease } from "@/test/support/solution-sources";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { createModel } from "../create-model";
import { getOperation } from "./list-operations";
import { startModelOperation } from "./start-operation";

let database: Database;
let editor: TestPerson;
const servers: RunningModelServer[] = [];
let addresses: string[] = [];

const lrModel = (bias: number) => ({ kind: "logistic_regression", inputs: [{ name: "x", size: 1 }], output: "probability", weights: [1], bias });

// Two instances of "lr" (versions 2-4 loaded; the console labels 3 canary, sent with the first operation); favpush's live release
// scores its solution v1 with lr version 2.
beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  await allowInstanceHosts(database.db);
  editor = await createPerson(database.db, "editor");
  const base = path.join(tempDir("console-roll"), "lr");
  for (const v of [2, 3, 4]) publishJsonModel(base, v, lrModel(v / 10));
  for (let i = 0; i < 2; i++) servers.push(await startQuietServer({ models: [modelConfig("lr", base, { kind: "specific", versions: [2, 3, 4] })] }));
  addresses = servers.map((s) => `127.0.0.1:${s.grpcPort}`);
  await createModel(database.db, { actor: editor.actor, input: { name: "lr", basePath: base, policy: { kind: "specific", versions: [2, 3, 4] } } });
  await database.db.update(models).set({ labels: { canary: 3 } }).where(eq(models.name, "lr"));
  for (const address of addresses) await registerInstance(database.db, { actor: editor.actor, input: { model: "lr", address, ttlSeconds: 600 } });
  await seedFavpushWorld(database.db, { parts: ["app"] });
  const [v1] = favpushSolutions();
  await deliveredRelease(database.db, { app: "favpush", solutions: [{ ...v1!, model: { name: "lr", version: "2" } }] });
});

afterAll(async () => {
  closeTfsClients();
  for (const s of servers) await s.close();
  await database?.close();
});

async function run(request: ModelOperationRequest) {
  const { done, operation } = await startModelOperation(database.db, { actor: editor.actor, model: "lr", request, timeoutMs: 15_000, pollMs: 20 });
  await done;
  return getOperation(database.db, "lr", operation.id);
}

const operationCount = async () => (await database.db.select({ id: modelOperations.id }).from(modelOperations)).length;
const stateOn = async (address: string, version: number) => (await getTfsClient(address).getModelStatus({ name: "lr" })).find((v) => v.version === version)?.state;

describe("operations that can break live scoring", () => {
  it("refuses to unload a version live scores with until confirmed, naming the app, the solution and nothing changed", async () => {
    const before = await operationCount();
    await expect(startModelOperation(database.db, { actor: editor.actor, model: "lr", request: { kind: "unload", version: 2 } })).rejects.toMatchObject({
      status: 409,
      code: "confirmation_required",
      message: expect.stringContaining("favpush/v1"),
      details: { affects: { model: "lr", version: 2, apps: ["favpush"], solutions: [{ app: "favpush", solution: "v1" }], labels: [] } },
    });
    // confirm: false is no confirmation either.
    await expect(startModelOperation(database.db, { actor: editor.actor, model: "lr", request: { kind: "unload", version: 2, confirm: false } })).rejects.toMatchObject({ code: "confirmation_required" });
    expect(await operationCount()).toBe(before);
    for (const a of addresses) expect(await stateOn(a, 2)).toBe("AVAILABLE");
  });

  it("answers 409 confirmation_required over the API, with what it affects", async () => {
    const res = await callRoute(operationsRoute.POST, "/api/v1/models/lr/operations", { method: "POST", params: { model: "lr" }, body: { kind: "hotfix", version: 3 }, cookie: editor.cookie, origin: "http://console.test" });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: "confirmation_required", details: { affects: { apps: [], labels: ["canary"] } } });
  });

  it("hot-fixes a live version once confirmed, one instance at a time: each back AVAILABLE before the next gets a config", async () => {
    const op = await run({ kind: "hotfix", version: 2, confirm: true });
    expect(op.state, op.error ?? "").toBe("succeeded");
    const steps = op.steps;
    const at = (pred: (s: (typeof steps)[number]) => boolean) => steps.findIndex(pred);
    const order = steps.filter((s) => /^instance \d of 2: starting$/.test(s.message)).map((s) => s.instance!);
    expect([...order].sort()).toEqual([...addresses].sort());
    const [first, second] = order as [string, string];
    const firstBack = at((s) => s.instance === first && s.message === "instance 1 of 2: back AVAILABLE");
    const firstEnded = at((s) => s.instance === first && s.message === "version 2: END");
    const firstAvailableAgain = steps.findIndex((s, i) => i > firstEnded && s.instance === first && s.message === "version 2: AVAILABLE");
    const secondConfig = at((s) => s.instance === second && s.message === "config accepted");
    const secondEnded = at((s) => s.instance === second && s.message === "version 2: END");
    expect(firstEnded).toBeGreaterThan(-1);
    expect(firstAvailableAgain).toBeGreaterThan(firstEnded);
    expect(firstBack).toBeGreaterThan(firstAvailableAgain);
    // The second instance is touched only after the first is back, and then goes through the same.
    expect(secondConfig).toBeGreaterThan(firstBack);
    expect(secondEnded).toBeGreaterThan(secondConfig);
    expect(at((s) => s.instance === second && s.message === "instance 2 of 2: back AVAILABLE")).toBeGreaterThan(secondEnded);
    for (const a of addresses) expect(await stateOn(a, 2)).toBe("AVAILABLE");
  });

  it("hot-fixes a version nothing live uses without asking, on every instance at once", async () => {
    const op = await run({ kind: "hotfix", version: 4 });
    expect(op.state, op.error ?? "").toBe("succeeded");
    expect(op.steps.some((s) => s.message.startsWith("Rolling"))).toBe(false);
    expect(op.steps[0]?.message).toBe("Unload version 4: sending the config to 2 instance(s)");
  });

  it("hot-fixes a labelled version once confirmed, rolling, label kept", async () => {
    const op = await run({ kind: "hotfix", version: 3, confirm: true });
    expect(op.state, op.error ?? "").toBe("succeeded");
    expect(op.steps.some((s) => s.message.startsWith("Rolling"))).toBe(true);
    const [row] = await database.db.select({ labels: models.labels }).from(models).where(eq(models.name, "lr"));
    expect(row?.labels).toEqual({ canary: 3 });
  });
});
