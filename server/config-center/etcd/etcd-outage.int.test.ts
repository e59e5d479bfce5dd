import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigCenter, PublishedConfig } from "@/server/config-center/config-center";
import { AppError } from "@/server/errors";
import { startEtcd, waitUntil, type TestEtcd } from "@/test/support/etcd";
import { createEtcdConfigCenter } from "./create-etcd-config-center";

let etcd: TestEtcd;
let center: ConfigCenter;

beforeAll(async () => {
  etcd = await startEtcd();
  center = createEtcdConfigCenter({ endpoints: [etcd.endpoint], prefix: "/outage", callTimeoutMs: 2_000, onError: () => undefined });
});

afterAll(async () => {
  await center?.close();
  await etcd?.dispose();
});

const release = (n: number) => ({ app: "favpush", releaseId: `release-${n}`, document: { app_name: "favpush", n }, versions: { a: `${n}` } });

describe("etcd config center when etcd goes away", () => {
  it("fails with unavailable while etcd is down and works again once it is back", async () => {
    const first = await center.publish(release(1));
    const seen: PublishedConfig[] = [];
    const stop = center.watch("favpush", first.revision, (config) => seen.push(config));

    await etcd.stop();
    const failure = await center.publish(release(2)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: "unavailable", status: 503 });
    await expect(center.read("favpush")).rejects.toMatchObject({ code: "unavailable" });
    expect(await center.health()).toMatchObject({ ok: false });

    await etcd.restart();
    // The client's circuit breaker may hold calls back for a few seconds after the outage.
    await waitUntil(async () => (await center.health()).ok, { what: "the center to be healthy again" });
    const second = await center.publish(release(2));
    expect(second.alreadyPublished).toBe(false);
    expect(await center.read("favpush")).toMatchObject({ releaseId: "release-2", revision: second.revision });
    // The watcher opened before the outage resumes by itself.
    await waitUntil(() => seen.length === 1, { what: "the watcher to see the release published after the restart" });
    expect(seen[0]).toMatchObject({ releaseId: "release-2", revision: second.revision });
    stop();
  });
});
