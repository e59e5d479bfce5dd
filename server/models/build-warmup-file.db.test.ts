import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as warmupRoute from "@/app/api/v1/models/[model]/versions/[version]/warmup/route";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { FAVPUSH_MODEL_VERSION, favpushArticleDocument, favpushVersions } from "@/db/seed/favpush";
import { sampleRequests } from "@/db/schema/verification";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { closeFeatureStores } from "@/server/feature-tables/store-cache";
import { decodeMessage } from "@/server/tfs/load-protos";
import { readTfRecords } from "@/server/tfs/tfrecord";
import { startQuietServer, tempDir, removeTempDirs, modelConfig } from "@/model-server/test-support";
import { callRoute } from "@/test/support/call-route";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { buildWarmupFileForApp } from "./build-warmup-file";
import { describeProbe, probeOtherModels } from "./operations/probe-other-models";
import { samplePredictRequest } from "./operations/sample-predict-request";

// The console's warmup file for a model version, from the app's sample requests, checked by
// replaying it in the dev model server the way TF Serving does on load.
let database: Database;
let editor: TestPerson;
const DEMO_LR = path.resolve(import.meta.dirname, "../../model-server/demo-models/favpush_lr");

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  await seedFavpushWorld(database.db, { parts: ["app", "tables", "rows", "fg"], uids: { from: 230, to: 240 }, storage: { storage: "builtin" } });
  await (await getConfigCenter()).publish({ app: "favpush", releaseId: randomUUID(), document: favpushArticleDocument(), versions: favpushVersions() });
  await seedFavpushWorld(database.db, { parts: ["app"], app: { name: "favquiet" } });
  editor = await createPerson(database.db, "editor");
  await database.db.insert(sampleRequests).values([
    { app: "favpush", name: "uid 234", origin: { uid: 234, goods_id: 123 }, createdBy: editor.actor.id },
    { app: "favpush", name: "uid 235", origin: { uid: 235, goods_id: 123 }, createdBy: editor.actor.id },
  ]);
}, 120_000);

afterAll(async () => {
  await closeFeatureStores();
  await (await getConfigCenter()).close();
  await database?.close();
  removeTempDirs();
});

const route = (app: string, person: TestPerson, model = "favpush_lr") =>
  callRoute(warmupRoute.GET, `/api/v1/models/${model}/versions/${FAVPUSH_MODEL_VERSION}/warmup`, {
    cookie: person.cookie,
    params: { model, version: String(FAVPUSH_MODEL_VERSION) },
    query: { app },
  });

describe("warmup file from sample requests", () => {
  it("answers 422 when the app has no sample requests, 404 for an unknown app", async () => {
    expect((await route("nosuchapp", editor)).status).toBe(404);
    const res = await route("favquiet", editor);
    expect(res.status).toBe(422);
    expect(res.json.error?.message).toBe("the app has no sample requests");
  });

  it("writes one PredictRequest per sample, which the model server replays on load", async () => {
    const { file, records } = await buildWarmupFileForApp(database.db, { actor: editor.actor, app: "favpush", model: "favpush_lr", version: FAVPUSH_MODEL_VERSION });
    expect(records).toBe(2);
    const logs = readTfRecords(file).map((r) => decodeMessage<{ log_type: string; predict_log: { request: { model_spec: object; inputs: Record<string, object> } } }>("tensorflow.serving.PredictionLog", r));
    expect(logs.map((l) => l.log_type)).toEqual(["predict_log", "predict_log"]);
    expect(logs[0]?.predict_log.request.model_spec).toMatchObject({ name: "favpush_lr", version: { value: String(FAVPUSH_MODEL_VERSION) } });

    // Put it where TF Serving looks and load the version: every request must run.
    const base = path.join(tempDir("warmup-lr"), "favpush_lr");
    const dir = path.join(base, String(FAVPUSH_MODEL_VERSION));
    fs.mkdirSync(path.join(dir, "assets.extra"), { recursive: true });
    fs.copyFileSync(path.join(DEMO_LR, String(FAVPUSH_MODEL_VERSION), "model.json"), path.join(dir, "model.json"));
    fs.writeFileSync(path.join(dir, "assets.extra", "tf_serving_warmup_requests"), file);
    const lines: string[] = [];
    const server = await startQuietServer({ models: [modelConfig("favpush_lr", base, { kind: "specific", versions: [FAVPUSH_MODEL_VERSION] })], log: (m) => lines.push(m) });
    await server.close();
    expect(lines.some((m) => m.includes("Number of warmup records read: 2."))).toBe(true);
  });

  it("answers 422 for a model no published solution of the app serves", async () => {
    const res = await route("favpush", editor, "half_plus_two");
    expect(res.status).toBe(422);
    expect(res.json.error?.message).toBe("no solution of favpush serves model half_plus_two in its published config");
  });
});

// The same sample requests make the probe of "loads slow other models" realistic.
describe("sample requests as the probe's Predict", () => {
  it("uses the oldest sample of an app whose published solutions use the model, else none", async () => {
    const found = await samplePredictRequest(database.db, "favpush_lr");
    expect(found?.app).toBe("favpush");
    expect(found?.request.model).toEqual({ name: "favpush_lr" });
    expect(await samplePredictRequest(database.db, "half_plus_two")).toBeNull();

    const server = await startQuietServer({ models: [modelConfig("favpush_lr", DEMO_LR, { kind: "specific", versions: [FAVPUSH_MODEL_VERSION] })] });
    try {
      const probe = probeOtherModels([{ address: `127.0.0.1:${server.grpcPort}`, model: "favpush_lr" }], 20, async () =>
        found ? { request: found.request, source: `sample request of ${found.app}` } : null,
      );
      const [report] = await probe.report();
      probe.stop();
      expect(report).toMatchObject({ failed: 0, source: "sample request of favpush" });
      expect(describeProbe(report!, "during load")).toMatch(/^favpush_lr during load: p99 \d+\.\d ms over \d+ Predicts every 200 ms \(sample request of favpush\)$/);
    } finally {
      await server.close();
    }
  });
});
