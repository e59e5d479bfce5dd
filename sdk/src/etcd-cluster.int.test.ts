import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { createEtcdConfigCenter } from "@/server/config-center/etcd/create-etcd-config-center";
import { isAppError } from "@/server/errors";
import { startEtcdCluster, waitUntil, type TestEtcdCluster } from "@/test/support/etcd";
import { createConfigClient } from "./create-config-client";
import { releasedDocument } from "./test-documents";
import type { PublishedConfig } from "./core/published/types";

/**
 * The SDK against a 3-member etcd cluster, given every member's endpoint: the member its watch
 * stream is on leads the cluster and is killed in the middle of a stream of releases. The SDK
 * resumes on a live member and sees every release once, in order.
 */
let cluster: TestEtcdCluster;
const closers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  cluster = await startEtcdCluster(3);
}, 60_000);

afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
  await cluster?.dispose();
});

const release = (n: number) => ({
  app: "favpush",
  releaseId: `release-${n}`,
  document: releasedDocument(`favpush_lr_v${n}`),
  versions: { favpush_vec_v2: `${n}` },
});

/** Publishes as the dispatcher would: again while the cluster elects a leader (idempotent by release id). */
async function publish(center: ConfigCenter, n: number): Promise<void> {
  await waitUntil(
    async () => {
      try {
        await center.publish(release(n));
        return true;
      } catch (error) {
        if (isAppError(error) && error.code === "unavailable") return false;
        throw error;
      }
    },
    { what: `release ${n} to be published` },
  );
}

describe("SDK on an etcd cluster", () => {
  it("sees every release once and in order while the leader it watches on is killed", async () => {
    const prefix = `/sdk-cluster-${randomUUID()}`;
    const center = createEtcdConfigCenter({ endpoints: cluster.endpoints, prefix, callTimeoutMs: 2_000, onError: () => undefined });
    closers.push(center);
    await publish(center, 1);

    const client = await createConfigClient({
      etcd: { endpoints: cluster.endpoints, prefix },
      apps: ["favpush"],
      retry: { minMs: 20, maxMs: 200 },
      onError: () => undefined,
    });
    closers.push(client);
    expect(client.getConfig("favpush")?.releaseId).toBe("release-1");
    const seen: PublishedConfig[] = [];
    client.onChange((config) => seen.push(config));

    // Make the member the SDK watches on the leader, so killing the leader cuts the SDK's stream.
    const watched = await cluster.memberHoldingTheWatch();
    await cluster.moveLeader(watched);

    // The leader dies while release 9 is on its way; the ones after it go to the new leader.
    const last = 24;
    for (let n = 2; n <= last; n++) {
      if (n === 9) await Promise.all([publish(center, n), watched.kill()]);
      else await publish(center, n);
    }
    await waitUntil(() => seen.at(-1)?.releaseId === `release-${last}`, { what: "the SDK to see the last release" });

    const leader = await cluster.waitForLeader();
    expect(leader).not.toBe(watched);
    expect(seen.map((config) => config.releaseId)).toEqual(Array.from({ length: last - 1 }, (_, i) => `release-${i + 2}`));
    const revisions = seen.map((config) => config.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
    for (const config of seen) expect(config.versions).toEqual({ favpush_vec_v2: config.releaseId.slice("release-".length) });
    // The stream moved to a live member.
    expect(await cluster.memberHoldingTheWatch()).not.toBe(watched);
  });
});
