import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import type { Db } from "@/db";
import { dagAlertDeliveries, outbox, releases } from "@/db/schema";
import { seedFavpushRelease, seedFavpushWorld } from "@/db/seed";
import { FAVPUSH_LR_NEXT_VERSION, favpushVersions } from "@/db/seed/favpush";
import { startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { SYSTEM } from "@/server/auth/actor";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ConfigCenter } from "@/server/config-center/config-center";
import type { DagDocument } from "@/server/contracts/dag";
import { runDemoHook } from "@/server/dag/demo/demo-hooks";
import { saveDag } from "@/server/dag/documents/save-dag";
import { runEngineStep } from "@/server/dag/engine/run-engine-step";
import { buildDag } from "@/server/dag/graph/test-dag";
import { retryNode } from "@/server/dag/nodes/retry-node";
import { setDataVersion } from "@/server/dag/nodes/set-data-version";
import { getDagStatus } from "@/server/dag/status/get-dag-status";
import { listNodeEvents } from "@/server/dag/status/list-node-events";
import { closeFeatureStores } from "@/server/feature-tables/store-cache";
import { openFeatureStore } from "@/server/feature-tables/open-feature-store";
import { createDispatcher, type Dispatcher } from "@/server/outbox/create-dispatcher";
import { resolveFailedDelivery } from "@/server/outbox/resolve-failed-delivery";
import { DEMO_MODELS_DIR, favpushModelConfigs } from "@/server/scoring/test-support/demo-scores";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { latestReport } from "@/server/verification/get-report";
import { waitForVerification } from "@/server/verification/run-verification";
import { createTestDatabase } from "@/test/support/test-db";
import { exportSolutions } from "@/server/solutions/export-solutions";
import { createRelease } from "../create-release";
import { listReleases } from "../list-releases";
import { requestRelease } from "../request-release";
import { verifyHeldReleases } from "./verify-held-releases";

/**
 * Releases made without review over the real stack (docs/verification.md, *Releases without
 * review*, *Delivery re-check*): the favpush world's tables, rows, fg and models in the
 * database, the dev model server over gRPC holding favpush_lr and favpush_dnn 20200116, the
 * demo sample requests, the built-in config center. Each test has an app of its own.
 */
let modelServer: RunningModelServer;
let database: Database;
let db: Db;
let center: ConfigCenter;
let dispatcher: Dispatcher;
let apps = 0;

beforeAll(async () => {
  modelServer = await startQuietServer({ models: favpushModelConfigs() });
  database = await createTestDatabase();
  db = database.db;
  await seedFavpushWorld(db, {
    parts: ["app", "tables", "rows", "fg", "models", "instances"],
    modelsRoot: DEMO_MODELS_DIR,
    modelAddress: `127.0.0.1:${modelServer.grpcPort}`,
  });
  center = createBuiltinConfigCenter({ db });
  // Stepped by hand (runOnce): what is (not) delivered shows without waiting for polls.
  dispatcher = createDispatcher({ db, center });
}, 180_000);

afterAll(async () => {
  closeTfsClients();
  await closeFeatureStores();
  await center?.close();
  await database?.close();
  await modelServer?.close();
});

/** An app shaped like favpush with the demo samples and solutions, and no release yet. */
async function newApp(): Promise<string> {
  const name = `fp_held_${++apps}`;
  await seedFavpushWorld(db, { parts: ["app", "solutions", "samples"], app: { name, salt: "favpush" } });
  return name;
}

/** The release's run to its end (its listener included). */
async function verified(releaseId: string) {
  const report = await latestReport(db, { kind: "release", id: releaseId });
  expect(report, "a verification run was started").not.toBeNull();
  return (await waitForVerification(report!.id)) ?? (await latestReport(db, { kind: "release", id: releaseId }))!;
}

async function releaseRow(id: string) {
  const [row] = await db.select().from(releases).where(eq(releases.id, id));
  const [record] = await db.select().from(outbox).where(eq(outbox.releaseId, id));
  return { ...row!, outboxState: record!.state, lastError: record!.lastError };
}

/** Steps the dispatcher until nothing is due. */
async function deliverAll(): Promise<void> {
  while (await dispatcher.runOnce());
}

/** A machine publish (automatic: never reviewed) of the app's solutions with these versions. */
async function machinePublish(app: string, versions: Record<string, string>) {
  const { release } = await requestRelease(db, { actor: SYSTEM, app, comment: "machine publish", change: { document: await exportSolutions(db, app), versions }, automatic: true });
  return release!;
}

describe("a release made without review", () => {
  it("is held while it is verified, then delivered in order: a later (reviewed) release waits behind it", async () => {
    const app = await newApp();
    const release = await machinePublish(app, favpushVersions());
    expect(release.delivery.state).toBe("verifying");
    const report = await verified(release.id);
    expect(report.state).toMatch(/passed|warned/);
    expect(await releaseRow(release.id)).toMatchObject({ deliveryState: "pending", outboxState: "pending", verificationReportId: report.id });
    await deliverAll();
    expect((await releaseRow(release.id)).deliveryState).toBe("delivered");
    expect((await center.read(app))?.releaseId).toBe(release.id);
    const listed = await listReleases(db, { app });
    expect(listed.releases.find((r) => r.id === release.id)?.verification).toMatchObject({ reportId: report.id, state: report.state, failures: [] });
  });

  it("holds back the app's later releases until its run ends", async () => {
    const app = await newApp();
    // Held without its run yet (as a console that stopped right after the commit leaves it).
    const document = await exportSolutions(db, app);
    const held = await db.transaction((tx) =>
      createRelease(tx, { actor: SYSTEM, app, author: { id: "m", name: "machine" }, approvers: [], comment: "machine", change: { document, versions: favpushVersions() }, verification: { hold: true } }),
    );
    const later = await db.transaction((tx) =>
      createRelease(tx, { actor: SYSTEM, app, author: { id: "r", name: "reviewed" }, approvers: [], comment: "reviewed", change: { versions: { favpush_cf_v5: "4" } } }),
    );
    expect(held.delivery.state).toBe("verifying");
    await deliverAll();
    expect((await releaseRow(held.id)).outboxState).toBe("verifying");
    expect((await releaseRow(later.id)).deliveryState).toBe("pending");
    // The sweeper's pass finds it without a run and starts one.
    const [started] = await verifyHeldReleases(db, { app, recover: true });
    expect(started).toBeDefined();
    await waitForVerification(started!);
    await deliverAll();
    expect((await releaseRow(held.id)).deliveryState).toBe("delivered");
    expect((await releaseRow(later.id)).deliveryState).toBe("delivered");
    expect((await center.read(app))?.releaseId).toBe(later.id);
  });

  it("that fails its verification is shown failed with the failed checks and is not delivered; Retry verifies again, Skip lets later releases go", async () => {
    const app = await newApp();
    await seedFavpushRelease(db, { app });
    const [first] = (await listReleases(db, { app })).releases;
    await verified(first!.id);
    await deliverAll();
    // favpush_lr 20200117 is on disk, not loaded.
    const release = await machinePublish(app, { ...favpushVersions(), favpush_lr_v1: String(FAVPUSH_LR_NEXT_VERSION) });
    const report = await verified(release.id);
    expect(report.state).toBe("failed");
    const row = await releaseRow(release.id);
    expect(row).toMatchObject({ deliveryState: "failed", outboxState: "failed" });
    expect(row.deliveryError).toMatch(/^Verification failed: favpush_lr 20200117 \(favpush_lr_v1\) is AVAILABLE on 0 of 1 healthy instance: .*not loaded/);
    const shown = (await listReleases(db, { app })).releases.find((r) => r.id === release.id)!;
    expect(shown.delivery).toMatchObject({ state: "failed" });
    expect(shown.verification.state).toBe("failed");
    expect(shown.verification.failures.map((f) => f.reason).join(" ")).toMatch(/not loaded/);
    await deliverAll();
    expect((await center.read(app))?.releaseId).toBe(first!.id);

    // Retry: a new run (it fails again: nothing was loaded).
    const retried = await resolveFailedDelivery(db, { actor: SYSTEM, releaseId: release.id, action: "retry" });
    expect(retried.state).toBe("verifying");
    const again = await verified(release.id);
    expect(again.id).not.toBe(report.id);
    expect((await releaseRow(release.id)).deliveryState).toBe("failed");

    // Skip: the later release goes out.
    const fixed = await machinePublish(app, favpushVersions());
    await verified(fixed.id);
    await deliverAll();
    expect((await releaseRow(fixed.id)).deliveryState).toBe("pending");
    await resolveFailedDelivery(db, { actor: SYSTEM, releaseId: release.id, action: "skip" });
    await deliverAll();
    expect((await releaseRow(fixed.id)).deliveryState).toBe("delivered");
  });
});

describe("delivery re-check", () => {
  it("fails a release whose model version is not loaded when it is delivered, instead of publishing it", async () => {
    const app = await newApp();
    // A reviewed release (not held) naming a version that was never loaded.
    const document = await exportSolutions(db, app);
    const release = await db.transaction((tx) =>
      createRelease(tx, { actor: SYSTEM, app, author: { id: "test", name: "test" }, approvers: [], comment: "approved earlier", change: { document, versions: { ...favpushVersions(), favpush_dnn_v1: "20200117" } } }),
    );
    await deliverAll();
    const row = await releaseRow(release.id);
    expect(row).toMatchObject({ deliveryState: "failed", outboxState: "failed" });
    expect(row.deliveryError).toMatch(/^Delivery re-check failed: favpush_dnn 20200117 \(favpush_dnn_v1\) is AVAILABLE on 0 of 1 healthy instance: favpush_dnn 20200117 \(favpush_dnn_v1\) is not AVAILABLE on 127\.0\.0\.1:\d+: not loaded/);
    expect(await center.read(app)).toBeNull();
  });

  it("retries (transient) when no instance of the model answers at all", async () => {
    const { registerInstance } = await import("@/server/registry/register-instance");
    const { createModel } = await import("@/server/models/create-model");
    const { closedPort } = await import("@/model-server/test-support");
    const app = await newApp();
    // A model of its own, whose only instance does not answer.
    await createModel(db, { actor: SYSTEM, input: { name: `${app}_m`, basePath: `${DEMO_MODELS_DIR}/favpush_lr` } });
    await registerInstance(db, { actor: SYSTEM, input: { model: `${app}_m`, address: `127.0.0.1:${await closedPort()}`, ttlSeconds: 3600 } });
    const document = (await exportSolutions(db, app)) as { solutions: Record<string, { model: { name: string; version: string } }>[] };
    for (const entry of document.solutions) for (const s of Object.values(entry)) s.model = { name: `${app}_m`, version: "20200116" };
    const release = await db.transaction((tx) =>
      createRelease(tx, { actor: SYSTEM, app, author: { id: "test", name: "test" }, approvers: [], comment: "approved earlier", change: { document, versions: favpushVersions() } }),
    );
    expect(await dispatcher.runOnce()).toBe(true);
    const row = await releaseRow(release.id);
    expect(row).toMatchObject({ deliveryState: "pending", outboxState: "pending" });
    expect(row.lastError).toMatch(/^Delivery re-check failed: .*no registered instance of fp_held_\d+_m answers/);
    expect(await center.read(app)).toBeNull();
  });
});

describe("a DAG output node's release", () => {
  const dag = (): DagDocument => buildDag({ vec: "data", favpush_vec_v2: { kind: "output", writes: "own_key" } }, ["vec->favpush_vec_v2"]);

  it("on a data version without rows: held, failed with the reasons (history, alert), not published; Retry verifies again, then writes the newest inputs", async () => {
    const app = await newApp();
    await seedFavpushRelease(db, { app });
    const [first] = (await listReleases(db, { app })).releases;
    await verified(first!.id);
    await deliverAll();
    await saveDag(db, { actor: SYSTEM, app, input: { version: 0, document: dag() } });

    // The data platform names a version whose rows were never loaded.
    await setDataVersion(db, { actor: SYSTEM, app, key: "vec", input: { version: "20200116norows" } });
    const [held] = (await listReleases(db, { app })).releases;
    expect(held!.seq).toBe(2);
    const report = await verified(held!.id);
    expect(report.state).toBe("failed");
    expect((await releaseRow(held!.id)).deliveryState).toBe("failed");
    await deliverAll();
    expect((await center.read(app))?.releaseId).toBe(first!.id);

    const status = await getDagStatus(db, app);
    const node = status.nodes.find((n) => n.key === "favpush_vec_v2")!;
    expect(node.phase).toBe("failed");
    expect(node.lastError).toMatchObject({ kind: "verification_failed", releaseId: held!.id, reportId: report.id });
    expect(node.lastError!.message).toMatch(/^Verification failed: .*fg/);
    expect(node.alerts).toContain("verification_failed");
    const { events } = await listNodeEvents(db, { app, key: "favpush_vec_v2" });
    expect(events.map((e) => e.type)).toContain("verification_failed");
    await runEngineStep(db, app, { at: new Date(), engineId: "test", publicUrl: "http://127.0.0.1:9", requestTimeoutMs: 1000 });
    const alerts = await db.select().from(dagAlertDeliveries).where(and(eq(dagAlertDeliveries.app, app), eq(dagAlertDeliveries.kind, "verification_failed")));
    expect(alerts).toHaveLength(1);

    // Retry with the same inputs: the same release is verified again (a new run); it fails again.
    await retryNode(db, { actor: SYSTEM, app, key: "favpush_vec_v2" });
    const again = await verified(held!.id);
    expect(again.id).not.toBe(report.id);
    expect((await getDagStatus(db, app)).nodes.find((n) => n.key === "favpush_vec_v2")!.phase).toBe("failed");

    // The loader loads a newer version's rows; the node, retried, writes it: a new release, verified, delivered.
    for (const node of ["load_user_vec", "load_goods_vec"]) expect(await runDemoHook(db, { node, version: "20200117", validating: false })).toMatchObject({ ok: true });
    await setDataVersion(db, { actor: SYSTEM, app, key: "vec", input: { version: "20200117" } });
    await retryNode(db, { actor: SYSTEM, app, key: "favpush_vec_v2" });
    expect((await releaseRow(held!.id)).outboxState).toBe("skipped");
    const [next] = (await listReleases(db, { app })).releases;
    expect(next!.seq).toBe(3);
    expect((await verified(next!.id)).state).toMatch(/passed|warned/);
    await deliverAll();
    expect((await center.read(app))?.releaseId).toBe(next!.id);
    expect((await getDagStatus(db, app)).nodes.find((n) => n.key === "favpush_vec_v2")!.phase).not.toBe("failed");
  });
});

describe("demo hooks", () => {
  it("load the rows of the data version they confirm, refuse a version without rows, and confirm only model versions the dev model server can load", async () => {
    const loaded = await runDemoHook(db, { node: "load_user_vec", version: "20200118", validating: false });
    expect(loaded).toMatchObject({ ok: true, message: expect.stringMatching(/^loaded 400 rows of 20200118 into user_tbl/) });
    expect(await (await openFeatureStore(db, "user_tbl")).getKV("234|20200118")).not.toBeNull();
    expect(await runDemoHook(db, { node: "validate_vec", version: "20200118", validating: true })).toMatchObject({ ok: false, message: expect.stringMatching(/goods_tbl has no row/) });
    const none = await runDemoHook(db, { node: "load_goods_vec", version: "20200118norows", validating: false });
    expect(none).toMatchObject({ ok: false, message: expect.stringMatching(/has no rows for goods_tbl: loaded 0 rows/) });
    expect(await (await openFeatureStore(db, "goods_tbl")).getKV("100|20200118norows")).toBeNull();
    expect(await runDemoHook(db, { node: "validate_lr_model", version: "20200117", validating: true })).toMatchObject({ ok: true });
    expect(await runDemoHook(db, { node: "validate_lr_model", version: "20200199", validating: true })).toMatchObject({ ok: false, message: expect.stringMatching(/cannot load it/) });
    expect(await runDemoHook(db, { node: "validate_lr_model", version: "bad1", validating: true })).toMatchObject({ ok: false });
  });
});
