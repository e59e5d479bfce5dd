import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { listAudit } from "@/server/audit/list-audit";
import type { ModelOperationRequest } from "@/server/contracts/models";
import { registerInstance } from "@/server/registry/register-instance";
import { listInstances } from "@/server/registry/list-instances";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import { closedPort, modelConfig, publishHalfPlusTwo, startQuietServer, tempDir } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase } from "@/test/support/test-db";
import { createModel } from "./create-model";
import { getModel } from "./get-model";
import { getSignatures } from "./get-signatures";
import { importModelConf } from "./import-model-conf";
import { listModels } from "./list-models";
import { getOperation } from "./operations/list-operations";
import { startModelOperation } from "./operations/start-operation";

let database: Database;
let editor: TestPerson;
let server: RunningModelServer;
let address: string;
let basePath: string;
let otherBase: string;

beforeAll(async () => {
  database = await createTestDatabase();
  editor = await createPerson(database.db, "editor");
  const root = tempDir("console-models");
  basePath = path.join(root, "hpt");
  otherBase = path.join(root, "other");
  publishHalfPlusTwo(basePath, 123);
  publishHalfPlusTwo(basePath, 124);
  publishHalfPlusTwo(otherBase, 7);
  server = await startQuietServer({
    models: [modelConfig("half_plus_two", basePath, { kind: "specific", versions: [123] }), modelConfig("other", otherBase, { kind: "specific", versions: [7] })],
  });
  address = `127.0.0.1:${server.grpcPort}`;
  await createModel(database.db, { actor: editor.actor, input: { name: "half_plus_two", basePath, policy: { kind: "specific", versions: [123] } } });
  await createModel(database.db, { actor: editor.actor, input: { name: "other", basePath: otherBase, policy: { kind: "specific", versions: [7] } } });
  for (const model of ["half_plus_two", "other"]) await registerInstance(database.db, { actor: editor.actor, input: { model, address, ttlSeconds: 600 } });
});

afterAll(async () => {
  closeTfsClients();
  await server?.close();
  await database?.close();
});

async function run(request: ModelOperationRequest, timeoutMs = 15_000) {
  const { operation, done } = await startModelOperation(database.db, { actor: editor.actor, model: "half_plus_two", request, timeoutMs, pollMs: 20 });
  expect(operation.state).toBe("running");
  await done;
  return getOperation(database.db, "half_plus_two", operation.id);
}

const stateOf = async (model: string, version: number) =>
  (await getTfsClient(address).getModelStatus({ name: model })).find((v) => v.version === version)?.state;

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

  it("hot-fixes an overwritten version: unloads it to END, loads it again to AVAILABLE, keeps its label", async () => {
    const op = await run({ kind: "hotfix", version: 124 });
    expect(op.state, op.error ?? "").toBe("succeeded");
    const messages = op.steps.map((s) => s.message);
    const end = messages.findIndex((m) => /version 124: END/.test(m));
    const back = messages.findIndex((m, i) => i > end && /version 124: AVAILABLE/.test(m));
    expect(end).toBeGreaterThan(-1);
    expect(back).toBeGreaterThan(end);
    expect((await getModel(database.db, "half_plus_two")).model?.labels).toEqual({ stable: 124 });
  });

  it("will not unload a labelled version; unloads once the label is gone", async () => {
    await expect(run({ kind: "unload", version: 124 })).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/stable/) });
    expect((await run({ kind: "label", label: "stable", version: null })).state).toBe("succeeded");
    const op = await run({ kind: "unload", version: 124 });
    expect(op.state, op.error ?? "").toBe("succeeded");
    expect([undefined, "END"]).toContain(await stateOf("half_plus_two", 124));
  });

  it("fails a load that never becomes AVAILABLE, says why, and restores the previous config", async () => {
    const op = await run({ kind: "load", version: 555 }, 1500);
    expect(op.state).toBe("failed");
    expect(op.error).toMatch(/555/);
    expect(op.steps.some((s) => s.message === "previous config restored")).toBe(true);
    expect((await getModel(database.db, "half_plus_two")).model?.policy).toEqual({ kind: "specific", versions: [123] });
    expect(await stateOf("half_plus_two", 123)).toBe("AVAILABLE");
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
