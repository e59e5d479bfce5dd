import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TfsGrpcClient } from "@/server/tfs/grpc-client";
import type { ModelConfig } from "@/server/tfs/model-config";
import { getTfsRestClient } from "@/server/tfs/rest-client";
import type { ModelVersionState } from "@/server/tfs/tfs-types";
import { serverPerTest } from "./server-per-test";
import { modelConfig, publishJsonModel, startQuietServer, tempDir, waitFor } from "./test-support";

// One-weight logistic regressions: predicting x = 1 gives sigmoid(w), which tells versions apart.
const lrModel = (w: number) => ({ kind: "logistic_regression", inputs: [{ name: "x", size: 1 }], weights: [w], bias: 0 });
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

const servers = serverPerTest();

async function score(client: TfsGrpcClient, model: { name: string; version?: number; versionLabel?: string }) {
  const res = await client.predict({ model, inputs: { x: { dtype: "float", shape: [1, 1], values: [1] } } });
  return { version: res.model.version, p: res.outputs.probability?.values[0] as number };
}

async function stateOf(client: TfsGrpcClient, name: string, version: number): Promise<ModelVersionState | undefined> {
  try {
    return (await client.getModelStatus({ name, version }))[0]?.state;
  } catch {
    return undefined;
  }
}

const until = (client: TfsGrpcClient, name: string, version: number, state: ModelVersionState) =>
  waitFor(async () => ((await stateOf(client, name, version)) === state ? true : undefined), `${name} v${version} ${state}`);

function modelBase(versions: Record<number, number>): string {
  const base = path.join(tempDir("lifecycle"), "m");
  for (const [version, w] of Object.entries(versions)) publishJsonModel(base, Number(version), lrModel(w));
  return base;
}

describe("dev model server: version life cycle", () => {
  it("walks START/LOADING -> AVAILABLE on load and UNLOADING -> END on unload, observably", async () => {
    const base = modelBase({ 1: 0.5 });
    const { client } = await servers.start({ models: [], loadDelayMs: 500 });
    const seen: ModelVersionState[] = [];
    let reloaded = false;
    const reload = client.handleReloadConfigRequest([modelConfig("m", base)]).then(() => (reloaded = true));
    while (!reloaded) {
      const state = await stateOf(client, "m", 1);
      if (state && seen[seen.length - 1] !== state) seen.push(state);
    }
    await reload;
    expect(seen).toContain("LOADING");
    expect(await stateOf(client, "m", 1)).toBe("AVAILABLE"); // a new model is AVAILABLE once the reload returns

    seen.length = 0;
    await client.handleReloadConfigRequest([]);
    while (seen[seen.length - 1] !== "END") {
      const state = await stateOf(client, "m", 1);
      if (state && seen[seen.length - 1] !== state) seen.push(state);
    }
    expect(seen).toEqual(["UNLOADING", "END"]);
  });

  it("replaces the whole config on reload: models left out unload, new ones load", async () => {
    const root = tempDir("replace");
    for (const name of ["a", "b", "c"]) publishJsonModel(path.join(root, name), 1, lrModel(1));
    const config = (name: string) => modelConfig(name, path.join(root, name));
    const { client } = await servers.start({ models: [config("a"), config("b")] });
    await client.handleReloadConfigRequest([config("b"), config("c")]);
    expect(await stateOf(client, "c", 1)).toBe("AVAILABLE");
    await until(client, "a", 1, "END");
    await expect(score(client, { name: "a" })).rejects.toMatchObject({ status: 404 });
    expect((await score(client, { name: "b" })).version).toBe(1);
  });

  it("refuses a label on a version that is not AVAILABLE (FAILED_PRECONDITION -> 400) and applies nothing", async () => {
    const base = modelBase({ 1: 1, 2: 2 });
    const specific = (versions: number[], labels: Record<string, number> = {}): ModelConfig =>
      modelConfig("m", base, { kind: "specific", versions }, labels);

    await expect(startQuietServer({ models: [specific([1], { stable: 1 })] })).rejects.toThrow(/not currently available for inference/);

    const { server, client } = await servers.start({ models: [specific([1])] });
    const refused = client.handleReloadConfigRequest([specific([1, 2], { canary: 2 })]);
    await expect(refused).rejects.toMatchObject({
      status: 400,
      message: "Request to assign label to version 2 of model m, which is not currently available for inference",
      details: { grpcStatus: "FAILED_PRECONDITION" },
    });
    await expect(client.getModelStatus({ name: "m", version: 2 })).rejects.toMatchObject({ status: 404 });

    await client.handleReloadConfigRequest([specific([1, 2])]);
    await until(client, "m", 2, "AVAILABLE");
    await client.handleReloadConfigRequest([specific([1, 2], { stable: 1, canary: 2 })]);
    expect(await score(client, { name: "m", versionLabel: "canary" })).toEqual({ version: 2, p: expect.closeTo(sigmoid(2), 6) });
    const rest = getTfsRestClient(`127.0.0.1:${server.restPort}`);
    expect(await rest.predict({ model: { name: "m", versionLabel: "stable" }, instances: [[1]] })).toEqual({ predictions: [[expect.closeTo(sigmoid(1), 6)]] });
    await expect(score(client, { name: "m", versionLabel: "nope" })).rejects.toMatchObject({ status: 400, message: "Unrecognized servable version label: nope" });
  });

  it("lets a label point at a loading version with --allow_version_labels_for_unavailable_models", async () => {
    const base = modelBase({ 1: 1 });
    const { client } = await servers.start({ models: [modelConfig("m", base, { kind: "specific", versions: [1] }, { stable: 1 })], allowVersionLabelsForUnavailableModels: true });
    expect((await score(client, { name: "m", versionLabel: "stable" })).version).toBe(1);
  });

  it("hot-fixes a version overwritten in place: unnoticed until unloaded and loaded again", async () => {
    const base = modelBase({ 1: 1, 2: 2 });
    const config = (versions: number[]) => [modelConfig("m", base, { kind: "specific", versions })];
    const { client } = await servers.start({ models: config([1, 2]) });
    expect((await score(client, { name: "m", version: 1 })).p).toBeCloseTo(sigmoid(1), 6);

    fs.writeFileSync(path.join(base, "1", "model.json"), JSON.stringify(lrModel(3)));
    await client.handleReloadConfigRequest(config([1, 2])); // re-reads the disk: still not noticed
    expect((await score(client, { name: "m", version: 1 })).p).toBeCloseTo(sigmoid(1), 6);

    await client.handleReloadConfigRequest(config([2]));
    await until(client, "m", 1, "END");
    await expect(score(client, { name: "m", version: 1 })).rejects.toMatchObject({ status: 404 });
    await client.handleReloadConfigRequest(config([1, 2]));
    await until(client, "m", 1, "AVAILABLE");
    expect((await score(client, { name: "m", version: 1 })).p).toBeCloseTo(sigmoid(3), 6);
  });

  it("picks up a new version folder by polling under `latest`", async () => {
    const base = modelBase({ 1: 1 });
    const { client } = await servers.start({ models: [modelConfig("m", base, { kind: "latest", numVersions: 1 })] });
    expect((await score(client, { name: "m" })).version).toBe(1);

    publishJsonModel(base, 2, lrModel(2));
    await until(client, "m", 2, "AVAILABLE");
    await until(client, "m", 1, "END");
    expect(await score(client, { name: "m" })).toEqual({ version: 2, p: expect.closeTo(sigmoid(2), 6) });
  });

  // Copy order: TF Serving loads a version as soon as its folder appears, so a folder still
  // being copied fails to load (and, under `latest`, the version it replaces goes too).
  it("tries a half-copied version folder at once, like TF Serving, and loads it again when its files change", async () => {
    const base = modelBase({ 2: 2 });
    const { client } = await servers.start({ models: [modelConfig("m", base, { kind: "latest", numVersions: 1 })] });
    const text = JSON.stringify(lrModel(4));
    fs.mkdirSync(path.join(base, "3"));
    fs.writeFileSync(path.join(base, "3", "model.json"), text.slice(0, text.length / 2));
    // (A poll may also catch the folder still empty: NOT_FOUND first, then this.)
    await waitFor(async () => ((await client.getModelStatus({ name: "m", version: 3 }))[0]?.error?.code === "INVALID_ARGUMENT" ? true : undefined), "v3 failed on half a model.json");
    await until(client, "m", 2, "END"); // nothing of `latest` is left loading: the old version unloads

    fs.writeFileSync(path.join(base, "3", "model.json"), text);
    await until(client, "m", 3, "AVAILABLE");
    expect(await score(client, { name: "m" })).toEqual({ version: 3, p: expect.closeTo(sigmoid(4), 6) });
  });

  it("unloads a version whose folder vanishes even while the config pins it, as TF Serving does", async () => {
    const base = modelBase({ 1: 1 });
    const { client } = await servers.start({ models: [modelConfig("m", base, { kind: "specific", versions: [1] })] });
    fs.rmSync(path.join(base, "1"), { recursive: true });
    await until(client, "m", 1, "END");
  });

  it("keeps it loaded while the config wants it with --keep_vanished_versions", async () => {
    const base = modelBase({ 1: 1, 2: 2 });
    const logs: string[] = [];
    const pinned = (versions: number[]) => [modelConfig("m", base, { kind: "specific", versions })];
    const { client } = await servers.start({ models: pinned([1, 2]), keepVanishedVersions: true, log: (m) => logs.push(m) });
    fs.rmSync(path.join(base, "1"), { recursive: true });
    await waitFor(() => (logs.some((m) => m.includes("{name: m version: 1} vanished; kept loaded")) ? true : undefined), "the vanish noticed");
    await client.handleReloadConfigRequest(pinned([1, 2])); // a rescan changes nothing
    expect(await score(client, { name: "m", version: 1 })).toEqual({ version: 1, p: expect.closeTo(sigmoid(1), 6) });
    // Left out of the config, it unloads.
    await client.handleReloadConfigRequest(pinned([2]));
    await until(client, "m", 1, "END");
  });
});
