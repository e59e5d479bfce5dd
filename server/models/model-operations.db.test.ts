import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { modelInstances } from "@/db/schema";
import { listAudit } from "@/server/audit/list-audit";
import type { ModelOperationRequest } from "@/server/contracts/models";
import { registerInstance } from "@/server/registry/register-instance";
import { listInstances } from "@/server/registry/list-instances";
import { closeTfsClients, getTfsClient, type PredictInput } from "@/server/tfs/grpc-client";
import { renderModelConfigText } from "@/server/tfs/model-config";
import { closedPort, modelConfig, publishHalfPlusTwo, publishJsonModel, startQuietServer, tempDir, waitFor } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { createPerson, type TestPerson } from "@/test/support/people";
import { allowInstanceHosts } from "@/test/support/instance-allowlist";
import { createTestDatabase } from "@/test/support/test-db";
import { createModel } from "./create-model";
import { getModel } from "./get-model";
import { getSignatures } from "./get-signatures";
import { importModelConf } from "./import-model-conf";
import { listModels } from "./list-models";
import { instanceConfig } from "./operations/instance-config";
import { getOperation } from "./operations/list-operations";
import { startModelOperation } from "./operations/start-operation";

let database: Database;
let editor: TestPerson;
let server: RunningModelServer;
let address: string;
let basePath: string;
let otherBase: string;
let lrBase: string;
let root: string;
const extraServers: RunningModelServer[] = [];

// A logistic regression over one input: Predict on x = 0 returns sigmoid(bias), so the
// numbers tell which model.json a loaded version was read from.
const lrModel = (bias: number) => ({ kind: "logistic_regression", inputs: [{ name: "x", size: 1 }], output: "probability", weights: [1], bias });
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

beforeAll(async () => {
  database = await createTestDatabase();
  await allowInstanceHosts(database.db);
  editor = await createPerson(database.db, "editor");
  root = tempDir("console-models");
  basePath = path.join(root, "hpt");
  otherBase = path.join(root, "other");
  lrBase = path.join(root, "lr");
  publishHalfPlusTwo(basePath, 123);
  publishHalfPlusTwo(basePath, 124);
  publishHalfPlusTwo(otherBase, 7);
  for (const v of [1, 2, 3]) publishJsonModel(lrBase, v, lrModel(v / 10));
  server = await startQuietServer({
    models: [
      modelConfig("half_plus_two", basePath, { kind: "specific", versions: [123] }),
      modelConfig("other", otherBase, { kind: "specific", versions: [7] }),
      modelConfig("lr", lrBase, { kind: "specific", versions: [2] }),
    ],
  });
  address = `127.0.0.1:${server.grpcPort}`;
  await createModel(database.db, { actor: editor.actor, input: { name: "half_plus_two", basePath, policy: { kind: "specific", versions: [123] } } });
  await createModel(database.db, { actor: editor.actor, input: { name: "other", basePath: otherBase, policy: { kind: "specific", versions: [7] } } });
  await createModel(database.db, { actor: editor.actor, input: { name: "lr", basePath: lrBase, policy: { kind: "specific", versions: [2] } } });
  for (const model of ["half_plus_two", "other", "lr"]) await registerInstance(database.db, { actor: editor.actor, input: { model, address, ttlSeconds: 600 } });
});

afterAll(async () => {
  closeTfsClients();
  await server?.close();
  for (const s of extraServers) await s.close();
  await database?.close();
});

async function run(request: ModelOperationRequest, { model = "half_plus_two", timeoutMs = 15_000 } = {}) {
  const { operation, done } = await startModelOperation(database.db, { actor: editor.actor, model, request, timeoutMs, pollMs: 20 });
  expect(operation.state).toBe("running");
  await done;
  return getOperation(database.db, model, operation.id);
}

const stateOf = async (model: string, version: number) =>
  (await getTfsClient(address).getModelStatus({ name: model })).find((v) => v.version === version)?.state;

const statesOf = async (model: string) => Object.fromEntries((await getTfsClient(address).getModelStatus({ name: model })).map((v) => [v.version, v.state]));

const score = async (model: PredictInput["model"]) => {
  const out = await getTfsClient(address).predict({ model, inputs: { x: { dtype: "float", shape: [1, 1], values: [0] } } });
  return { version: out.model.version, p: out.outputs.probability!.values[0] as number };
};

/** Overwrites a version's model.json in place, as a hot fix does; the server does not notice. */
const overwrite = (version: number, bias: number) => fs.writeFileSync(path.join(lrBase, String(version), "model.json"), JSON.stringify(lrModel(bias)));

/** Lets a registration lapse, as when an instance missed its renewals. */
const lapse = (model: string) =>
  database.db.update(modelInstances).set({ expiresAt: new Date(Date.now() - 1000) }).where(and(eq(modelInstances.model, model), eq(modelInstances.address, address)));

describe("model registry and operations against the dev model server", () => {
  it("lists the model with its healthy instance and AVAILABLE version", async () => {
    const models = await listModels(database.db);
    const hpt = models.find((m) => m.name === "half_plus_two")!;
    expect(hpt.managed).toBe(true);
    expect(hpt.instances).toEqual([expect.objectContaining({ address, healthy: true, versions: [expect.objectContaining({ version: 123, state: "AVAILABLE" })] })]);
  });

  it("loads a version with visible progress, and keeps the other model of the instance serving", async () => {
    const op = await run({ kind: "load", version: 124 });
    expect(op.state, op.error ?? "").toBe("succeeded");
    expect(op.steps.map((s) => s.message)).toEqual(expect.arrayContaining(["config accepted", expect.stringMatching(/version 124: AVAILABLE/)]));
    expect(await stateOf("half_plus_two", 124)).toBe("AVAILABLE");
    expect(await stateOf("other", 7)).toBe("AVAILABLE");
    expect(await stateOf("lr", 2)).toBe("AVAILABLE");
    // The other models of the instance were probed during the load (TF Serving issues 881, 1866).
    for (const other of ["lr", "other"]) {
      expect(op.steps).toContainEqual(
        expect.objectContaining({ instance: address, message: expect.stringMatching(new RegExp(`^${other} during "Load version 124": p99 \\d+\\.\\d ms over \\d+ Predicts every 200 ms \\(zero request\\)$`)) }),
      );
    }
    expect((await getModel(database.db, "half_plus_two")).model?.policy).toEqual({ kind: "specific", versions: [123, 124] });
    const { entries } = await listAudit(database.db, { kind: "model", limit: 1 });
    expect(entries[0]).toMatchObject({ action: "operation", before: { policy: { versions: [123] } }, after: { policy: { versions: [123, 124] } } });
  });

  it("refuses a label on a version that is not AVAILABLE, and moves one onto an AVAILABLE version", async () => {
    await expect(run({ kind: "label", label: "stable", version: 999 })).rejects.toMatchObject({ status: 422 });
    const op = await run({ kind: "label", label: "stable", version: 124 });
    expect(op.state, op.error ?? "").toBe("succeeded");
    const detail = await getModel(database.db, "half_plus_two");
    expect(detail.model?.labels).toEqual({ stable: 124 });
    expect(detail.modelConf).toContain('version_labels');
    const out = await getTfsClient(address).predict({ model: { name: "half_plus_two", versionLabel: "stable" }, inputs: { x: { dtype: "float", shape: [1], values: [4] } } });
    expect(out.model.version).toBe(124);
  });

  it("will not unload a labelled version; unloads once the label is gone", async () => {
    await expect(run({ kind: "unload", version: 124 })).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/stable/) });
    expect((await run({ kind: "label", label: "stable", version: null })).state).toBe("succeeded");
    const op = await run({ kind: "unload", version: 124 });
    expect(op.state, op.error ?? "").toBe("succeeded");
    expect([undefined, "END"]).toContain(await stateOf("half_plus_two", 124));
  });

  it("fails a load of a version the instance does not have promptly, naming the instance and why, and restores the previous config", async () => {
    // Failed by the missing-version rule (the message below), not by the 25 s operation timeout.
    const op = await run({ kind: "load", version: 555 }, { timeoutMs: 25_000 });
    expect(op.state).toBe("failed");
    expect(op.error).toContain(`instance ${address} does not have version(s) 555 of model half_plus_two`);
    expect(op.error).toMatch(/not reported by GetModelStatus .* missing or incomplete/);
    expect(op.steps.some((s) => s.message === "previous config restored")).toBe(true);
    expect((await getModel(database.db, "half_plus_two")).model?.policy).toEqual({ kind: "specific", versions: [123] });
    expect(await stateOf("half_plus_two", 123)).toBe("AVAILABLE");
  });

  it("names the instance and the version's state when an operation times out", async () => {
    const slowBase = path.join(root, "slow");
    for (const v of [1, 2]) publishJsonModel(slowBase, v, lrModel(0));
    const slow = await startQuietServer({ loadDelayMs: 1500, models: [modelConfig("slow", slowBase, { kind: "specific", versions: [1] })] });
    extraServers.push(slow);
    const slowAddress = `127.0.0.1:${slow.grpcPort}`;
    await createModel(database.db, { actor: editor.actor, input: { name: "slow", basePath: slowBase, policy: { kind: "specific", versions: [1] } } });
    await registerInstance(database.db, { actor: editor.actor, input: { model: "slow", address: slowAddress, ttlSeconds: 600 } });
    const op = await run({ kind: "load", version: 2 }, { model: "slow", timeoutMs: 500 });
    expect(op.state).toBe("failed");
    expect(op.error).toBe(`timed out after 0.5 s waiting for version(s) 2 AVAILABLE: instance ${slowAddress}: version 2 is LOADING`);
    expect(op.steps.some((s) => s.message === "previous config restored" && s.instance === slowAddress)).toBe(true);
  });

  it("hot-fixes an overwritten version under the specific policy: old numbers before, new after, label kept", async () => {
    expect((await run({ kind: "label", label: "stable", version: 2 }, { model: "lr" })).state).toBe("succeeded");
    expect(await score({ name: "lr", versionLabel: "stable" })).toEqual({ version: 2, p: expect.closeTo(sigmoid(0.2), 6) });
    overwrite(2, 3);
    // Overwritten in place: the loaded version keeps its old numbers until it is reloaded.
    expect((await score({ name: "lr", versionLabel: "stable" })).p).toBeCloseTo(sigmoid(0.2), 6);

    // A label points at it: the hot fix asks first (server/models/operations/confirm-and-roll.db.test.ts).
    await expect(run({ kind: "hotfix", version: 2 }, { model: "lr" })).rejects.toMatchObject({ code: "confirmation_required" });
    const op = await run({ kind: "hotfix", version: 2, confirm: true }, { model: "lr" });
    expect(op.state, op.error ?? "").toBe("succeeded");
    const messages = op.steps.map((s) => s.message);
    const end = messages.findIndex((m) => /version 2: END/.test(m));
    const back = messages.findIndex((m, i) => i > end && /version 2: AVAILABLE/.test(m));
    expect(end).toBeGreaterThan(-1);
    expect(back).toBeGreaterThan(end);
    expect(messages).toContain("Restore the labels of version 2: done");
    expect((await getModel(database.db, "lr")).model).toMatchObject({ policy: { kind: "specific", versions: [2] }, labels: { stable: 2 } });
    expect(await score({ name: "lr", versionLabel: "stable" })).toEqual({ version: 2, p: expect.closeTo(sigmoid(3), 6) });
  });

  it("applies the latest N policy from the policy editor", async () => {
    const op = await run({ kind: "apply", policy: { kind: "latest", numVersions: 2 } }, { model: "lr" });
    expect(op.state, op.error ?? "").toBe("succeeded");
    expect(await statesOf("lr")).toEqual({ 2: "AVAILABLE", 3: "AVAILABLE" });
    expect((await getModel(database.db, "lr")).model).toMatchObject({ policy: { kind: "latest", numVersions: 2 }, labels: { stable: 2 } });
    expect(await score({ name: "lr" })).toEqual({ version: 3, p: expect.closeTo(sigmoid(0.3), 6) });
  });

  it("hot-fixes an overwritten version under the latest N policy, keeping the other version serving", async () => {
    overwrite(3, -3);
    expect((await score({ name: "lr", version: 3 })).p).toBeCloseTo(sigmoid(0.3), 6);
    const op = await run({ kind: "hotfix", version: 3 }, { model: "lr" });
    expect(op.state, op.error ?? "").toBe("succeeded");
    const messages = op.steps.map((s) => s.message);
    const end = messages.findIndex((m) => /version 3: END/.test(m));
    expect(end).toBeGreaterThan(-1);
    expect(messages.findIndex((m, i) => i > end && /version 3: AVAILABLE/.test(m))).toBeGreaterThan(end);
    // Each phase reports the states it sees: version 2 was never anything but AVAILABLE.
    expect([...new Set(messages.filter((m) => /^version 2: /.test(m)))]).toEqual(["version 2: AVAILABLE"]);
    expect((await getModel(database.db, "lr")).model?.policy).toEqual({ kind: "latest", numVersions: 2 });
    expect(await statesOf("lr")).toEqual({ 2: "AVAILABLE", 3: "AVAILABLE" });
    expect(await score({ name: "lr", version: 3 })).toEqual({ version: 3, p: expect.closeTo(sigmoid(-3), 6) });
  });

  it("moves an existing label from one AVAILABLE version to another, and not onto one that is not AVAILABLE", async () => {
    const op = await run({ kind: "label", label: "stable", version: 3 }, { model: "lr" });
    expect(op.state, op.error ?? "").toBe("succeeded");
    expect((await getModel(database.db, "lr")).model?.labels).toEqual({ stable: 3 });
    expect(await score({ name: "lr", versionLabel: "stable" })).toEqual({ version: 3, p: expect.closeTo(sigmoid(-3), 6) });
    // Version 1 is on disk but not loaded.
    await expect(run({ kind: "label", label: "stable", version: 1 }, { model: "lr" })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining(`version 1 is not on ${address}`),
    });
    expect((await getModel(database.db, "lr")).model?.labels).toEqual({ stable: 3 });
    expect((await score({ name: "lr", versionLabel: "stable" })).version).toBe(3);
  });

  it("applies specific versions again, unloading what the policy leaves out", async () => {
    await expect(run({ kind: "apply", policy: { kind: "specific", versions: [2] } }, { model: "lr" })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("stable=3"),
    });
    const op = await run({ kind: "apply", policy: { kind: "specific", versions: [3] } }, { model: "lr" });
    expect(op.state, op.error ?? "").toBe("succeeded");
    expect(await statesOf("lr")).toEqual({ 2: "END", 3: "AVAILABLE" });
    expect((await getModel(database.db, "lr")).model).toMatchObject({ policy: { kind: "specific", versions: [3] }, labels: { stable: 3 } });
  });

  it("keeps a model whose registration lapsed while the instance still serves it, and does not bring back one it dropped", async () => {
    const retiredBase = path.join(root, "retired");
    publishJsonModel(retiredBase, 1, lrModel(0));
    await createModel(database.db, { actor: editor.actor, input: { name: "retired", basePath: retiredBase, policy: { kind: "specific", versions: [1] } } });
    await registerInstance(database.db, { actor: editor.actor, input: { model: "retired", address, ttlSeconds: 600 } });
    await lapse("retired");
    await lapse("other");

    const op = await run({ kind: "label", label: "canary", version: 123 });
    expect(op.state, op.error ?? "").toBe("succeeded");
    expect(await stateOf("other", 7)).toBe("AVAILABLE");
    expect(await stateOf("lr", 3)).toBe("AVAILABLE");
    await expect(getTfsClient(address).getModelStatus({ name: "retired" })).rejects.toMatchObject({ status: 404 });
    await registerInstance(database.db, { actor: editor.actor, input: { model: "other", address, ttlSeconds: 600 } });
  });

  it("refuses an operation while the instance serves a model the console has no config for; the imported model.conf goes out with the next operation", async () => {
    // Someone adds a model to the instance behind the console's back.
    const strangerBase = path.join(root, "stranger");
    for (const v of [1, 2]) publishJsonModel(strangerBase, v, lrModel(0));
    const stranger = modelConfig("stranger", strangerBase, { kind: "specific", versions: [1] });
    const current = (await getModel(database.db, "half_plus_two")).model!;
    const served = await instanceConfig(database.db, address, { model: current.name, fields: { policy: current.policy, labels: current.labels } });
    await getTfsClient(address).handleReloadConfigRequest([...served, stranger]);
    await registerInstance(database.db, { actor: editor.actor, input: { model: "stranger", address, ttlSeconds: 600 } });

    await expect(run({ kind: "label", label: "canary", version: null })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(new RegExp(`^Instance ${address} also serves stranger, which the console has no config for.*Import its model.conf first`)),
      details: { instance: address, models: ["stranger"] },
    });
    expect(await stateOf("stranger", 1)).toBe("AVAILABLE");
    expect((await getModel(database.db, "half_plus_two")).model?.labels).toEqual({ canary: 123 });

    // Importing stores the config and sends nothing; the next operation on the instance sends it.
    await importModelConf(database.db, { actor: editor.actor, text: renderModelConfigText([{ ...stranger, versionPolicy: { kind: "specific", versions: [1, 2] } }]) });
    expect(await statesOf("stranger")).toEqual({ 1: "AVAILABLE" });
    const op = await run({ kind: "label", label: "canary", version: null });
    expect(op.state, op.error ?? "").toBe("succeeded");
    expect(await stateOf("stranger", 1)).toBe("AVAILABLE");
    await waitFor(async () => ((await stateOf("stranger", 2)) === "AVAILABLE" ? true : undefined), "stranger version 2 AVAILABLE");
  });

  it("refuses to start when an instance does not answer, naming it", async () => {
    const dead = `127.0.0.1:${await closedPort()}`;
    await registerInstance(database.db, { actor: editor.actor, input: { model: "other", address: dead, ttlSeconds: 600 } });
    await expect(
      startModelOperation(database.db, { actor: editor.actor, model: "other", request: { kind: "load", version: 8 } }),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining(dead) });
  });

  it("drops an instance that stops renewing", async () => {
    await registerInstance(database.db, { actor: editor.actor, input: { model: "ghost", address: "127.0.0.1:1", ttlSeconds: 2 } });
    expect((await listInstances(database.db, { model: "ghost" })).length).toBe(1);
    expect((await listInstances(database.db, { model: "ghost", now: new Date(Date.now() + 3000) })).length).toBe(0);
  });

  it("shows signatures as saved_model_cli prints them", async () => {
    const sig = await getSignatures(database.db, { model: "half_plus_two", version: 123 });
    expect(sig.text).toContain("signature_def['serving_default']:");
    expect(sig.text).toContain("inputs['x'] tensor_info:");
    expect(sig.text).toContain("dtype: DT_FLOAT");
    expect(sig.text).toContain("Method name is: tensorflow/serving/predict");
  });

  it("imports both model.conf forms of the articles", async () => {
    const fixtures = path.resolve(import.meta.dirname, "../../model-server/demo-models");
    expect(fs.existsSync(fixtures)).toBe(true);
    const specific = `model_config_list: {\n  config: {\n    name: "dnn",\n    base_path: "/model/dnn/data/",\n    model_platform: "tensorflow",\n    model_version_policy: {\n      specific {\n        versions: 20200115\n        versions: 20200116\n      }\n    }\n  }\n}\n`;
    const latest = specific.replace(/specific \{[\s\S]*?\}\n    \}/, "latest: {\n        num_versions: 2\n      }\n    }");
    const a = await importModelConf(database.db, { actor: editor.actor, text: specific });
    expect(a.models[0]).toMatchObject({ created: true, model: { name: "dnn", policy: { kind: "specific", versions: [20200115, 20200116] } } });
    const b = await importModelConf(database.db, { actor: editor.actor, text: latest });
    expect(b.models[0]).toMatchObject({ created: false, model: { policy: { kind: "latest", numVersions: 2 } } });
    await expect(importModelConf(database.db, { actor: editor.actor, text: "model_config_list: { config: { name: " })).rejects.toMatchObject({ status: 400 });
  });
});
