import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitUntil } from "@/test/support/etcd";
import { bucketOf } from "./core/bucketing";
import { createConfigClient } from "./create-config-client";
import { releasedDocument } from "./test-documents";
import { ConfigClientError, type ConfigClient, type PublishedConfig } from "./core/published/types";

const TOKEN = "sdk-test-token";

/**
 * A tiny center that follows the protocol of sdk/README.md: GET /api/config/v1/apps/{app}
 * [?revision=N&wait=Ns], bearer token; 200 newer release, 304 after the wait, 404 unknown app.
 */
class FakeCenter {
  private readonly apps = new Map<string, PublishedConfig>();
  private readonly waiters = new Set<() => void>();
  private revision = 0;
  private server: http.Server | null = null;
  port = 0;
  readonly requests: Array<{ app: string; revision: string | null; authorization: string | undefined }> = [];

  publish(app: string, document: unknown, versions: Record<string, string>): PublishedConfig {
    this.revision += 1;
    const config = { app, revision: this.revision, releaseId: `release-${this.revision}`, document, versions };
    this.apps.set(app, config);
    for (const wake of [...this.waiters]) wake();
    return config;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const wake of [...this.waiters]) wake();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", this.url);
    const app = decodeURIComponent(url.pathname.replace(/^\/api\/config\/v1\/apps\//, ""));
    this.requests.push({ app, revision: url.searchParams.get("revision"), authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    const revision = url.searchParams.get("revision");
    const waitSeconds = Number((url.searchParams.get("wait") ?? "0s").replace(/s$/, ""));
    const answer = () => {
      const config = this.apps.get(app);
      if (!config) return void res.writeHead(404).end();
      if (revision === null || config.revision > Number(revision)) {
        return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(config));
      }
      return false;
    };
    if (answer() !== false) return;
    const timer = setTimeout(() => finish(() => res.writeHead(304).end()), waitSeconds * 1000);
    const wake = () => finish(() => answer() === false && res.writeHead(304).end());
    const finish = (reply: () => void) => {
      clearTimeout(timer);
      this.waiters.delete(wake);
      if (!res.writableEnded) reply();
    };
    this.waiters.add(wake);
  }
}

let center: FakeCenter;
let dir: string;
const clients: ConfigClient[] = [];

beforeEach(async () => {
  center = new FakeCenter();
  await center.start();
  dir = await mkdtemp(path.join(os.tmpdir(), "sdk-http-"));
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await center.stop();
  await rm(dir, { recursive: true, force: true });
});

async function connect(options: { cacheFile?: string; token?: string; errors?: Error[] } = {}): Promise<ConfigClient> {
  const client = await createConfigClient({
    url: center.url,
    token: options.token ?? TOKEN,
    apps: ["favpush"],
    cacheFile: options.cacheFile,
    waitSeconds: 2,
    retry: { minMs: 10, maxMs: 100 },
    onError: (error) => options.errors?.push(error),
  });
  clients.push(client);
  return client;
}

describe("SDK in HTTP mode", () => {
  it("serves solutions, versions, buckets and picks a solution", async () => {
    center.publish("favpush", releasedDocument("favpush_lr_v1"), { favpush_vec_v2: "20240105" });
    const client = await connect();
    expect(client.getSolutions("favpush").map((s) => s.name)).toEqual(["v1", "v2"]);
    expect(client.getVersion("favpush", "favpush_vec_v2")).toBe("20240105");
    expect(client.getVersion("favpush", "nope")).toBeUndefined();
    for (const uid of [1, 234, "u-77", 99_999]) {
      const bucket = bucketOf({ salt: "favpush", keyValue: uid, bucketCount: 10 });
      expect(client.resolveBucket("favpush", uid)).toBe(bucket);
      expect(client.pickSolution("favpush", { uid, goods_id: 123 })).toEqual({
        bucket,
        solution: expect.objectContaining({ name: bucket <= 2 ? "v1" : "v2" }),
      });
    }
    expect(() => client.pickSolution("favpush", { goods_id: 123 })).toThrow(expect.objectContaining({ code: "missing_hash_key" }) as Error);
    expect(() => client.getSolutions("other")).toThrow(expect.objectContaining({ code: "unknown_app" }) as Error);
    expect(center.requests[0]).toEqual({ app: "favpush", revision: null, authorization: `Bearer ${TOKEN}` });
  });

  it("tells listeners of each new release through the long poll", async () => {
    const first = center.publish("favpush", releasedDocument("favpush_lr_v1"), { favpush_vec_v2: "1" });
    const client = await connect();
    const seen: PublishedConfig[] = [];
    client.onChange((config) => seen.push(config));
    await waitUntil(() => center.requests.some((r) => r.revision === String(first.revision)), { what: "the long poll" });
    const second = center.publish("favpush", releasedDocument("favpush_lr_v2"), { favpush_vec_v2: "2" });
    await waitUntil(() => seen.length === 1, { what: "the change" });
    expect(seen[0]).toEqual(second);
    expect(client.getVersion("favpush", "favpush_vec_v2")).toBe("2");
    expect(client.getSolutions("favpush")[0]?.model.version).toBe("favpush_lr_v2");
  });

  it("starts on an app that was never published and picks it up once it is", async () => {
    const client = await connect();
    expect(client.getConfig("favpush")).toBeNull();
    expect(client.getSolutions("favpush")).toEqual([]);
    expect(() => client.resolveBucket("favpush", 1)).toThrow(expect.objectContaining({ code: "not_published" }) as Error);
    center.publish("favpush", releasedDocument("favpush_lr_v1"), {});
    await waitUntil(() => client.getConfig("favpush") !== null, { what: "the first release" });
  });

  it("keeps the last good config when a release cannot be read", async () => {
    center.publish("favpush", releasedDocument("favpush_lr_v1"), { a: "1" });
    const errors: Error[] = [];
    const client = await connect({ errors });
    center.publish("favpush", { app_name: "favpush", solutions: "broken" }, { a: "2" });
    await waitUntil(() => errors.some((e) => e instanceof ConfigClientError && e.code === "invalid_document"), { what: "the bad release" });
    expect(client.getVersion("favpush", "a")).toBe("1");
    const good = center.publish("favpush", releasedDocument("favpush_lr_v3"), { a: "3" });
    await waitUntil(() => client.getConfig("favpush")?.revision === good.revision, { what: "the next good release" });
  });

  it("hands the clients of one process each release once, in order, as one frozen object, and reports a bad one to each", async () => {
    center.publish("favpush", releasedDocument("favpush_lr_v1"), { a: "1" });
    const errors: Error[][] = [[], [], []];
    const group = await Promise.all(errors.map((list) => connect({ errors: list })));
    const seen: PublishedConfig[][] = group.map(() => []);
    group.forEach((client, i) => client.onChange((config) => seen[i]!.push(config)));
    await waitUntil(() => center.requests.filter((r) => r.revision === "1").length === group.length, { what: "every long poll" });
    center.publish("favpush", releasedDocument("favpush_lr_v2"), { a: "2" });
    await waitUntil(() => seen.every((list) => list.length === 1), { what: "release 2 everywhere" });
    center.publish("favpush", { app_name: "favpush", solutions: "broken" }, { a: "3" });
    await waitUntil(() => errors.every((list) => list.length === 1), { what: "the bad release reported by every client" });
    center.publish("favpush", releasedDocument("favpush_lr_v4"), { a: "4" });
    await waitUntil(() => seen.every((list) => list.length === 2), { what: "release 4 everywhere" });
    for (const list of seen) expect(list.map((config) => config.versions.a)).toEqual(["2", "4"]);
    expect(seen[1]![0]).toBe(seen[0]![0]);
    expect(Object.isFrozen(seen[0]![0]!.document)).toBe(true);
    expect(group[1]!.getSolutions("favpush")).toBe(group[0]!.getSolutions("favpush"));
    for (const list of errors) expect(list[0]).toMatchObject({ code: "invalid_document" });
    expect(errors[1]![0]).not.toBe(errors[0]![0]);
    for (const client of group) expect(client.getSolutions("favpush")[0]?.model.version).toBe("favpush_lr_v4");
  });

  it("rejects a bad token", async () => {
    center.publish("favpush", releasedDocument("favpush_lr_v1"), {});
    await expect(connect({ token: "wrong" })).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("fails to start when the center is down and there is no cache", async () => {
    await center.stop();
    await expect(connect()).rejects.toMatchObject({ code: "unreachable" });
  });

  it("starts from the cache file while the center is down and catches up by revision", async () => {
    const cacheFile = path.join(dir, "nested", "favpush.cache.json");
    const first = center.publish("favpush", releasedDocument("favpush_lr_v1"), { favpush_vec_v2: "1" });
    const writer = await connect({ cacheFile });
    await waitUntil(async () => (await readFile(cacheFile, "utf8").catch(() => "")).includes(first.releaseId), { what: "the cache file" });
    await writer.close();

    await center.stop();
    const second = center.publish("favpush", releasedDocument("favpush_lr_v2"), { favpush_vec_v2: "2" });
    const errors: Error[] = [];
    const client = await connect({ cacheFile, errors });
    expect(client.getConfig("favpush")).toEqual(first);
    expect(errors.map((e) => e.message).join("\n")).toMatch(/from the cache/);
    const seen: PublishedConfig[] = [];
    client.onChange((config) => seen.push(config));

    center.requests.length = 0;
    await center.start();
    await waitUntil(() => seen.length === 1, { what: "catching up" });
    expect(seen[0]).toEqual(second);
    expect(center.requests[0]?.revision).toBe(String(first.revision));
    await waitUntil(async () => (await readFile(cacheFile, "utf8")).includes(second.releaseId), { what: "the cache to follow" });
    expect((await readdir(path.dirname(cacheFile))).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("SDK in HTTP mode, on kept-alive sockets", () => {
  it("asks again at once when the center closes a kept-alive socket under the next long-poll", async () => {
    const releases = [1, 2].map((revision) => ({ app: "favpush", revision, releaseId: `release-${revision}`, document: releasedDocument("favpush_lr_v1"), versions: { v: String(revision) } }));
    const perSocket = new Map<object, number>();
    const held: http.ServerResponse[] = [];
    const server = http.createServer((req, res) => {
      const count = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, count);
      // Every second request on a socket finds it closed, as when the server's keep-alive timeout ends it just then.
      if (count > 1) return void req.socket.destroy();
      const revision = Number(new URL(req.url ?? "/", "http://x").searchParams.get("revision") ?? 0);
      const answer = releases.find((release) => release.revision > revision);
      if (!answer) return void held.push(res);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const errors: Error[] = [];
    try {
      const client = await createConfigClient({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        token: TOKEN,
        app: "favpush",
        retry: { minMs: 10_000, maxMs: 10_000 },
        onError: (error) => errors.push(error),
      });
      clients.push(client);
      expect(client.getVersion("favpush", "v")).toBe("1");
      await waitUntil(() => client.getVersion("favpush", "v") === "2", { what: "the second release" });
      await waitUntil(() => held.length === 1, { what: "the next long-poll to be held" });
      expect(errors).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
