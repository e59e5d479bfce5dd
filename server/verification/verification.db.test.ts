import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import type { Db } from "@/db";
import { releases, sampleRequests, verificationReports } from "@/db/schema";
import { seedFavpushWorld } from "@/db/seed";
import { favpushCfGoods, favpushSolutions, favpushVersions, FAVPUSH_MISSING_GOODS_ID } from "@/db/seed/favpush";
import { closedPort, startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { SYSTEM } from "@/server/auth/actor";
import type { ReleaseContent } from "@/server/contracts/releases";
import type { Solution } from "@/server/contracts/solutions";
import type { VerificationCheck, VerificationReport } from "@/server/contracts/verification";
import { closeFeatureStores } from "@/server/feature-tables/store-cache";
import { deregisterInstance } from "@/server/registry/deregister-instance";
import { registerInstance } from "@/server/registry/register-instance";
import { hashContent } from "@/server/releases/release-content";
import { DEMO_MODELS_DIR, favpushModelConfigs } from "@/server/scoring/test-support/demo-scores";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { createTestDatabase } from "@/test/support/test-db";
import { checkReferences } from "./check-references";
import { getReport, latestReport } from "./get-report";
import { INTERRUPTED } from "./report-dto";
import { offVerificationFinished, onVerificationFinished, startVerification, waitForVerification } from "./run-verification";
import type { VerificationFinishedListener } from "./verification-api";
import { collectModelStates, whyInputsChanged } from "./verification-inputs";
import { verifyCandidate } from "./verify-candidate";

/**
 * The verification engine over the real stack: the favpush world's tables, rows, fg packages
 * and models in the database, the dev model server over gRPC, sample requests in their table.
 * Each app is a world of its own sample requests.
 */
const UIDS = { from: 200, to: 259 };
const LR = "com.xxx.ranking.fg.LRFg";
const DNN = "com.xxx.ranking.fg.DNNFg";

let modelServer: RunningModelServer;
let database: Database;
let db: Db;

/** A pair with a graph_cf map (every feature found), and one without (cf missing, the DNNFg defaults it). */
const withCf = (uid: number) => ({ uid, goods_id: favpushCfGoods(uid)[0]! });
const withoutCf = (uid: number) => {
  const has = favpushCfGoods(uid);
  for (let g = 100; ; g++) if (!has.includes(g)) return { uid, goods_id: g };
};

const APPS: Record<string, Record<string, unknown>[]> = {
  favpush: [withCf(200), withCf(211), withCf(234), withCf(250)],
  fp_empty: [],
  fp_gaps: [withCf(201), withoutCf(202), withoutCf(203)],
  // uid 9999 has no rows: the LRFg cannot build x without user_vec.
  fp_bad: [withCf(204), { uid: 9999, goods_id: 120 }, { uid: 205, goods_id: FAVPUSH_MISSING_GOODS_ID }],
};

function documentOf(app: string, solutions: Solution[]) {
  return {
    app_name: app,
    solutions: solutions.map(({ name, ...body }) => ({ [name]: body })),
    app: { bucket_count: 10, hash_key: "uid", salt: "favpush" },
  };
}
const content = (app: string, change: (s: Solution[]) => Solution[] = (s) => s, versions: Record<string, string> = favpushVersions()): ReleaseContent => ({
  document: documentOf(app, change(favpushSolutions())),
  versions,
});
const edit = (name: string, patch: Partial<Solution>) => (list: Solution[]) => list.map((s) => (s.name === name ? { ...s, ...patch } : s));

async function addSample(app: string, origin: Record<string, unknown>, name = `sample ${JSON.stringify(origin)}`) {
  await db.insert(sampleRequests).values({ app, name, origin, source: "manual", createdBy: "test" });
}

beforeAll(async () => {
  modelServer = await startQuietServer({ models: favpushModelConfigs() });
  database = await createTestDatabase();
  db = database.db;
  const address = `127.0.0.1:${modelServer.grpcPort}`;
  await seedFavpushWorld(db, { parts: ["app", "tables", "rows", "fg", "models", "instances"], uids: UIDS, modelsRoot: DEMO_MODELS_DIR, modelAddress: address });
  for (const app of Object.keys(APPS).filter((a) => a !== "favpush")) await seedFavpushWorld(db, { parts: ["app"], app: { name: app, salt: "favpush" } });
  for (const [app, origins] of Object.entries(APPS)) for (const origin of origins) await addSample(app, origin);
  // favpush's live release: the articles' solutions, delivered.
  const live = content("favpush");
  await db.insert(releases).values({
    app: "favpush",
    seq: 1,
    author: "test",
    comment: "live",
    document: live.document,
    versions: live.versions,
    contentHash: hashContent(live),
    diff: { changes: [] },
    deliveryState: "delivered",
  });
}, 120_000);

afterAll(async () => {
  closeTfsClients();
  await closeFeatureStores();
  await database?.close();
  await modelServer?.close();
});

const byId = (checks: VerificationCheck[], id: string) => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id} in ${checks.map((x) => x.id).join(", ")}`);
  return c;
};

describe("checkReferences", () => {
  const cases: { name: string; content: ReleaseContent; id: string; status: VerificationCheck["status"]; reason?: RegExp; fix?: string }[] = [
    { name: "the model version (a key) is AVAILABLE", content: content("favpush"), id: "references.model_version:v1", status: "passed" },
    { name: "the model version (a number) is AVAILABLE", content: content("favpush", edit("v2", { model: { name: "favpush_dnn", version: "20200116" } })), id: "references.model_version:v2", status: "passed" },
    { name: "a model version that is not loaded", content: content("favpush", edit("v1", { model: { name: "favpush_lr", version: "99" } })), id: "references.model_version:v1", status: "failed", reason: /favpush_lr 99 is not AVAILABLE on 127\.0\.0\.1:\d+: not loaded/, fix: "/models/favpush_lr" },
    { name: "a version on disk but not loaded", content: content("favpush", edit("v1", { model: { name: "favpush_lr", version: "20200117" } })), id: "references.model_version:v1", status: "failed", reason: /not loaded/ },
    { name: "a model that is not registered", content: content("favpush", edit("v1", { model: { name: "favpush_lrr", version: "1" } })), id: "references.model_version:v1", status: "failed", reason: /no model named "favpush_lrr"/, fix: "/models" },
    { name: "a model version key the release lacks", content: content("favpush", edit("v1", { model: { name: "favpush_lr", version: "favpush_lr_v9" } })), id: "references.model_version:v1", status: "failed", reason: /version key "favpush_lr_v9" has no version/, fix: "/dag?app=favpush" },
    { name: "the fg version is published", content: content("favpush"), id: "references.fg:v1", status: "passed" },
    { name: "an fg version never published", content: content("favpush", edit("v1", { fg: { class: LR, version: "v9" } })), id: "references.fg:v1", status: "failed", reason: /LRFg@v9/, fix: "/fg" },
    { name: "every version key resolves", content: content("favpush"), id: "references.version_keys:v2", status: "passed" },
    {
      name: "a template's version key the release lacks",
      content: content("favpush", undefined, { ...favpushVersions(), favpush_cf_v5: undefined } as unknown as Record<string, string>),
      id: "references.version_keys:v2",
      status: "failed",
      reason: /\{version:favpush_cf_v5\} has no version/,
    },
    {
      name: "a template naming an unregistered table",
      content: content("favpush", edit("v1", { features: { user_vec: "getKV nope_tbl {uid}|{version:favpush_vec_v2}", goods_vec: "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}" } })),
      id: "references.templates:v1",
      status: "failed",
      reason: /user_vec: .*nope_tbl/,
      fix: "/solutions?app=favpush",
    },
  ];
  it.each(cases)("$name: $id $status", async (c) => {
    const versions = Object.fromEntries(Object.entries(c.content.versions).filter(([, v]) => v !== undefined));
    const checks = await checkReferences(db, { app: "favpush", content: { ...c.content, versions } });
    const check = byId(checks, c.id);
    expect(check.status, check.reason ?? "").toBe(c.status);
    expect(check.title.length).toBeGreaterThan(0);
    if (c.status === "passed") expect(check.reason).toBeNull();
    if (c.reason) expect(check.reason).toMatch(c.reason);
    if (c.fix) expect(check.fix?.href).toBe(c.fix);
  });

  it("warns about an instance that does not answer, and fails when none answers", async () => {
    const dead = `127.0.0.1:${await closedPort()}`;
    await registerInstance(db, { actor: SYSTEM, input: { model: "favpush_lr", address: dead, ttlSeconds: 60 } });
    await registerInstance(db, { actor: SYSTEM, input: { model: "ghost_model", address: dead, ttlSeconds: 60 } });
    try {
      const checks = await checkReferences(db, { app: "favpush", content: content("favpush", edit("v2", { model: { name: "ghost_model", version: "1" } })) });
      const lr = byId(checks, "references.model_version:v1");
      expect(lr.status).toBe("warned");
      expect(lr.reason).toContain(dead);
      const ghost = byId(checks, "references.model_version:v2");
      expect(ghost.status).toBe("failed");
      expect(ghost.reason).toMatch(/no registered instance of ghost_model answers/);
    } finally {
      await deregisterInstance(db, { actor: SYSTEM, model: "favpush_lr", address: dead });
      await deregisterInstance(db, { actor: SYSTEM, model: "ghost_model", address: dead });
    }
  });

  it("fails a document that is not a solutions document", async () => {
    const checks = await checkReferences(db, { app: "favpush", content: { document: { app_name: "favpush" }, versions: {} } });
    expect(checks).toEqual([expect.objectContaining({ id: "references.document", status: "failed" })]);
  });
});

describe("verifyCandidate", () => {
  const cases: {
    name: string;
    app: string;
    content: ReleaseContent;
    state: "passed" | "warned" | "failed";
    expect: { id: string; status: VerificationCheck["status"]; reason?: RegExp }[];
  }[] = [
    {
      name: "the articles' release",
      app: "favpush",
      content: content("favpush"),
      state: "passed",
      expect: [
        { id: "contract.inputs:v1", status: "passed" },
        { id: "contract.inputs:v2", status: "passed" },
        { id: "samples.present", status: "passed" },
        { id: "samples.scored:v1", status: "passed" },
        { id: "samples.missing_features:v2", status: "passed" },
      ],
    },
    {
      name: "a code fg (DNNFg@v3), checked on the samples' TensorIOs",
      app: "favpush",
      content: content("favpush", edit("v2", { fg: { class: DNN, version: "v3" } })),
      state: "passed",
      expect: [{ id: "contract.inputs:v2", status: "passed" }],
    },
    {
      name: "LRFg paired with the DNN model",
      app: "favpush",
      content: content("favpush", edit("v1", { model: { name: "favpush_dnn", version: "favpush_dnn_v1" } })),
      state: "failed",
      expect: [
        { id: "references.model_version:v1", status: "passed" },
        { id: "contract.inputs:v1", status: "failed", reason: /input "user" \(DT_FLOAT \[\?, 8\]\) is not built by the fg.*the fg builds "x"/ },
        { id: "samples.scored:v1", status: "failed", reason: /at predict/ },
      ],
    },
    {
      name: "a code fg paired with the LR model",
      app: "favpush",
      content: content("favpush", edit("v2", { fg: { class: DNN, version: "v3" }, model: { name: "favpush_lr", version: "favpush_lr_v1" } })),
      state: "failed",
      expect: [{ id: "contract.inputs:v2", status: "failed", reason: /input "x" .* is not built/ }],
    },
    {
      name: "a model version that is not loaded",
      app: "favpush",
      content: content("favpush", edit("v1", { model: { name: "favpush_lr", version: "99" } })),
      state: "failed",
      expect: [
        { id: "references.model_version:v1", status: "failed" },
        { id: "contract.inputs:v1", status: "warned", reason: /not checked/ },
        { id: "samples.scored:v1", status: "failed", reason: /4 at predict/ },
      ],
    },
    { name: "an app without sample requests", app: "fp_empty", content: content("fp_empty"), state: "warned", expect: [{ id: "samples.present", status: "warned", reason: /no sample requests/ }] },
    {
      name: "samples whose cf is missing",
      app: "fp_gaps",
      content: content("fp_gaps"),
      state: "warned",
      expect: [
        { id: "samples.missing_features:v2", status: "warned", reason: /cf in 66\.7%/ },
        { id: "samples.missing_features:v1", status: "passed" },
        { id: "samples.scored:v2", status: "passed" },
      ],
    },
    {
      name: "samples that cannot score",
      app: "fp_bad",
      content: content("fp_bad"),
      state: "failed",
      expect: [{ id: "samples.scored:v1", status: "failed", reason: /2 failed \(2 at fg; 0 tolerated\)/ }],
    },
  ];
  it.each(cases)("$name: $state", async (c) => {
    const steps: string[] = [];
    const done: number[] = [];
    let total = -1;
    const outcome = await verifyCandidate(db, {
      app: c.app,
      content: c.content,
      baseReleaseId: null,
      onProgress: (p) => {
        steps.push(p.step);
        done.push(p.done);
        total = p.total;
      },
    });
    for (const e of c.expect) {
      const check = byId(outcome.checks, e.id);
      expect(check.status, `${e.id}: ${check.reason}`).toBe(e.status);
      if (e.reason) expect(check.reason).toMatch(e.reason);
    }
    expect(outcome.state).toBe(c.state);
    expect(steps.at(-1)).toBe("done");
    // Progress only goes forward, to done = total: references, each scoring, the contract.
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(total);
    expect(outcome.sampleCount).toBe(APPS[c.app]!.length);
    expect(outcome.inputs.contentHash).toBe(hashContent(c.content));
  });

  it("reports per solution: scored, failures by stage, missing features, outputs against live", async () => {
    const passed = await verifyCandidate(db, { app: "favpush", content: content("favpush"), baseReleaseId: null });
    const v1 = passed.samples.find((s) => s.solution === "v1")!;
    expect(v1).toMatchObject({ scored: 4, failed: 0, failuresByStage: {}, firstFailures: [] });
    expect(v1.missingFeatures).toEqual([{ feature: "user_vec", rate: 0 }, { feature: "goods_vec", rate: 0 }]);
    const [y] = v1.outputs;
    expect(y).toMatchObject({ name: "y", count: 4, shift: 0 });
    expect(y!.min!).toBeLessThanOrEqual(y!.mean!);
    expect(y!.live).toMatchObject({ count: 4, mean: y!.mean });
    expect(passed.inputs.liveReleaseId).not.toBeNull();
    expect(passed.inputs.fgVersions).toEqual([`${DNN}@v2`, `${LR}@v2`]);
    expect(passed.inputs.models.map((m) => [m.model, m.version, m.instances.map((i) => i.state)])).toEqual([
      ["favpush_dnn", 20200116, ["AVAILABLE"]],
      ["favpush_lr", 20200116, ["AVAILABLE"]],
    ]);

    // A solution live does not have: no live figures, no shift.
    const renamed = await verifyCandidate(db, { app: "favpush", content: content("favpush", (l) => l.map((s) => (s.name === "v1" ? { ...s, name: "v3" } : s))), baseReleaseId: null });
    expect(renamed.samples.find((s) => s.solution === "v3")!.outputs[0]).toMatchObject({ live: null, shift: null });

    const bad = await verifyCandidate(db, { app: "fp_bad", content: content("fp_bad"), baseReleaseId: null });
    const badV1 = bad.samples.find((s) => s.solution === "v1")!;
    expect(badV1).toMatchObject({ scored: 1, failed: 2, failuresByStage: { fg: 2 } });
    // Samples are scored in id order (random ids): which failure comes first is not fixed.
    expect(badV1.firstFailures).toEqual(
      expect.arrayContaining([
        { sample: expect.any(String), stage: "fg", message: expect.stringMatching(/no value at "user_vec"/) },
        { sample: expect.any(String), stage: "fg", message: expect.stringMatching(/no value at "goods_vec"/) },
      ]),
    );
    expect(bad.inputs.liveReleaseId).toBeNull();
  });

  it("fails when more samples fail than the settings tolerate, warns when within", async () => {
    const { verificationSettings } = await import("@/db/schema");
    await db.insert(verificationSettings).values({ app: "fp_bad", maxFailedSamples: 2, missingFeatureWarnRate: 0.9, version: 1, updatedBy: "test" });
    const outcome = await verifyCandidate(db, { app: "fp_bad", content: content("fp_bad"), baseReleaseId: null });
    expect(byId(outcome.checks, "samples.scored:v1").status).toBe("warned");
    expect(outcome.inputs.settingsVersion).toBe(1);
    const { eq } = await import("drizzle-orm");
    await db.delete(verificationSettings).where(eq(verificationSettings.app, "fp_bad"));
  });
});

describe("startVerification", () => {
  const actor = SYSTEM;
  const finished: VerificationReport[] = [];
  const listener: VerificationFinishedListener = async (_db, report) => {
    finished.push(report);
  };
  beforeAll(() => onVerificationFinished("change_request", listener));
  afterAll(() => offVerificationFinished("change_request", listener));

  it("runs in the background and stores the final state, progress and inputs; listeners are called", async () => {
    const subject = { kind: "change_request" as const, id: randomUUID(), revision: 1 };
    const id = await startVerification(db, { app: "favpush", subject, content: content("favpush"), baseReleaseId: null, actor });
    const report = await waitForVerification(id);
    expect(report).toMatchObject({ id, state: "passed", error: null, subject, requestedBy: "system", sampleCount: 4 });
    expect(report!.progress.done).toBe(report!.progress.total);
    expect(report!.progress.step).toBe("done");
    expect(report!.finishedAt).not.toBeNull();
    expect(finished.map((r) => r.id)).toContain(id);
    expect(await getReport(db, id)).toEqual(report);
    expect((await latestReport(db, subject))?.id).toBe(id);
  });

  it("stores a failed verification as failed, and one that could not run as error", async () => {
    const failing = await startVerification(db, {
      app: "favpush",
      subject: { kind: "change_request", id: randomUUID(), revision: 1 },
      content: content("favpush", edit("v1", { fg: { class: LR, version: "v9" } })),
      baseReleaseId: null,
      actor,
    });
    const broken = await startVerification(db, { app: "no_such_app", subject: { kind: "change_request", id: randomUUID(), revision: null }, content: content("no_such_app"), baseReleaseId: null, actor });
    const [f, b] = await Promise.all([waitForVerification(failing), waitForVerification(broken)]);
    expect(f).toMatchObject({ state: "failed", error: null });
    expect(b).toMatchObject({ state: "error", error: expect.stringMatching(/no_such_app/) });
    expect(finished.map((r) => r.id)).toEqual(expect.arrayContaining([failing, broken]));
  });

  it("runs many at once, two at a time, each to its end", async () => {
    const ids = await Promise.all(
      Array.from({ length: 4 }, () => startVerification(db, { app: "fp_gaps", subject: { kind: "release", id: randomUUID(), revision: null }, content: content("fp_gaps"), baseReleaseId: null, actor })),
    );
    const reports = await Promise.all(ids.map((id) => waitForVerification(id)));
    expect(reports.map((r) => r?.state)).toEqual(["warned", "warned", "warned", "warned"]);
  });

  it("shows a running report whose heartbeat stopped as interrupted", async () => {
    const [row] = await db
      .insert(verificationReports)
      .values({ app: "favpush", subjectKind: "release", subjectId: randomUUID(), contentHash: "x", requestedBy: "test", runner: "gone", heartbeatAt: new Date(Date.now() - 120_000) })
      .returning();
    expect(await getReport(db, row!.id)).toMatchObject({ state: "error", error: INTERRUPTED });
  });
});

describe("whyInputsChanged", () => {
  it("holds while nothing changed; names the sample set, the content, the base and the models when they did", async () => {
    const c = content("fp_gaps");
    const id = await startVerification(db, { app: "fp_gaps", subject: { kind: "change_request", id: randomUUID(), revision: 1 }, content: c, baseReleaseId: null, actor: SYSTEM });
    const report = (await waitForVerification(id))!;
    const models = await collectModelStates(db, c);
    const why = (current: Partial<Parameters<typeof whyInputsChanged>[2]>) =>
      db.transaction((tx) => whyInputsChanged(tx, report, { content: c, baseReleaseId: null, models, ...current }));

    expect(await why({})).toBeNull();
    expect(await why({ content: content("fp_gaps", edit("v1", { buckets: [0, 1] })) })).toMatch(/content changed/);
    expect(await why({ baseReleaseId: randomUUID() })).toMatch(/builds on changed/);
    const unloaded = models.map((m) => (m.model === "favpush_lr" ? { ...m, instances: m.instances.map((i) => ({ ...i, state: "NOT_LOADED" })) } : m));
    expect(await why({ models: unloaded })).toMatch(/favpush_lr 20200116 on .* is NOT_LOADED now, AVAILABLE when verified/);

    await addSample("fp_gaps", withCf(222), "one more");
    expect(await why({})).toMatch(/sample requests changed/);
  });
});

describe("outside any transaction", () => {
  it("refuses to start a run inside a transaction", async () => {
    await expect(
      db.transaction((tx) =>
        startVerification(tx as unknown as Db, { app: "favpush", subject: { kind: "release", id: randomUUID(), revision: null }, content: content("favpush"), baseReleaseId: null, actor: SYSTEM }),
      ),
    ).rejects.toThrow(/outside any transaction/);
  });
});
