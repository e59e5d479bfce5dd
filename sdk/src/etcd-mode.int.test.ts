import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
// The console's publisher writes the layout; the SDK reads it with its own code: a drift
// between the two implementations of docs/config-center.md fails here.
import type { ConfigCenter } from "@/server/config-center/config-center";
import { createEtcdConfigCenter } from "@/server/config-center/etcd/create-etcd-config-center";
import { startEtcd, waitUntil, type TestEtcd } from "@/test/support/etcd";
import { createConfigClient } from "./create-config-client";
import { releasedDocument } from "./test-documents";
import type { ConfigClient, PublishedConfig } from "./core/published/types";

let etcd: TestEtcd;
let dir: string;
const closers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  etcd = await startEtcd();
  dir = await mkdtemp(path.join(os.tmpdir(), "sdk-etcd-"));
});

afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await etcd?.dispose();
  await rm(dir, { recursive: true, force: true });
});

function publisher(prefix: string): ConfigCenter {
  const center = createEtcdConfigCenter({ endpoints: [etcd.endpoint], prefix, onError: () => undefined });
  closers.push(center);
  return center;
}

async function connect(prefix: string, options: { cacheFile?: string; errors?: Error[] } = {}): Promise<ConfigClient> {
  const client = await createConfigClient({
    etcd: { endpoints: [etcd.endpoint], prefix },
    apps: ["favpush"],
    cacheFile: options.cacheFile,
    retry: { minMs: 20, maxMs: 200 },
    onError: (error) => options.errors?.push(error),
  });
  closers.push(client);
  return client;
}

const release = (n: number, versions: Record<string, string>) => ({
  app: "favpush",
  releaseId: `release-${n}`,
  document: releasedDocument(`favpush_lr_v${n}`),
  versions,
});

describe("SDK in etcd mode", () => {
  it("reads what the console published and follows each release whole", async () => {
    const prefix = `/sdk-${randomUUID()}`;
    const center = publisher(prefix);
    const first = await center.publish(release(1, { favpush_vec_v2: "20240105", favpush_cf_v5: "3" }));
    const client = await connect(prefix);
    expect(client.getConfig("favpush")).toMatchObject({ revision: first.revision, releaseId: "release-1" });
    expect(client.getVersion("favpush", "favpush_cf_v5")).toBe("3");
    expect(client.pickSolution("favpush", { uid: 234 }).bucket).toBe(client.resolveBucket("favpush", 234));

    const seen: PublishedConfig[] = [];
    client.onChange((config) => seen.push(config));
    const published = new Map<number, Record<string, string>>();
    for (let n = 2; n <= 6; n++) {
      const versions: Record<string, string> = { favpush_vec_v2: `2024010${n}` };
      if (n % 2 === 1) versions.favpush_cf_v5 = `${n}`;
      published.set((await center.publish(release(n, versions))).revision, versions);
    }
    await waitUntil(() => seen.at(-1)?.releaseId === "release-6", { what: "the last release" });
    for (const config of seen) expect(config.versions).toEqual(published.get(config.revision));
    expect(client.getVersion("favpush", "favpush_cf_v5")).toBeUndefined();
    expect(client.getSolutions("favpush")[0]?.model.version).toBe("favpush_lr_v6");
  });

  it("starts from the cache while etcd is down and catches up when it is back", async () => {
    const prefix = `/sdk-${randomUUID()}`;
    const cacheFile = path.join(dir, `${randomUUID()}.json`);
    const center = publisher(prefix);
    const first = await center.publish(release(1, { favpush_vec_v2: "1" }));
    const writer = await connect(prefix, { cacheFile });
    await waitUntil(async () => (await readFile(cacheFile, "utf8").catch(() => "")).includes("release-1"), { what: "the cache file" });
    await writer.close();

    await etcd.stop();
    const errors: Error[] = [];
    const client = await connect(prefix, { cacheFile, errors });
    expect(client.getConfig("favpush")).toMatchObject({ revision: first.revision, releaseId: "release-1" });
    expect(errors.map((e) => e.message).join("\n")).toMatch(/from the cache/);

    await etcd.restart();
    await waitUntil(async () => (await center.health()).ok, { what: "etcd to be back" });
    const second = await center.publish(release(2, { favpush_vec_v2: "2" }));
    await waitUntil(() => client.getConfig("favpush")?.revision === second.revision, { what: "the SDK to catch up" });
    expect(client.getVersion("favpush", "favpush_vec_v2")).toBe("2");
  });
});
