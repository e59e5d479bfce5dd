import { randomUUID } from "node:crypto";
import { Etcd3, type IWatchResponse } from "etcd3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublishedConfig } from "@/server/config-center/config-center";
import { startEtcdCluster, waitUntil, type TestEtcdCluster, type TestEtcdMember } from "@/test/support/etcd";
import { createEtcdConfigCenter } from "./create-etcd-config-center";
import { watchEtcdApp } from "./watch-etcd-app";

/**
 * A watch that opens behind the store (it has releases to catch up on) gets etcd's "created"
 * answer at once and the missed events only at etcd's next sync of slow watchers (up to 100 ms
 * later). etcd3 moves its resume point to the member's current revision on "created": a member
 * dying in between would make a naive resume skip the missed releases. The member the watch
 * opened on is killed right on "created"; the watch resumes on another member from what it
 * delivered and misses nothing.
 */
let cluster: TestEtcdCluster;
const closers: Array<() => unknown> = [];

beforeAll(async () => {
  cluster = await startEtcdCluster(3);
}, 60_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await cluster?.dispose();
});

const release = (n: number) => ({ app: "favpush", releaseId: `release-${n}`, document: { app_name: "favpush", n }, versions: { a: `${n}` } });

describe("console watch on an etcd cluster", () => {
  it("catches up on every missed release when the member dies between the watch's creation and its replay", async () => {
    const prefix = `/cluster-watch-${randomUUID()}`;
    const center = createEtcdConfigCenter({ endpoints: cluster.endpoints, prefix, onError: () => undefined });
    closers.push(() => center.close());
    const first = await center.publish(release(1));
    let fifth = first;
    for (let n = 2; n <= 5; n++) fifth = await center.publish(release(n));
    // Every member holds the five releases, so wherever the watch opens it opens behind the store.
    const byId = new Map<string, TestEtcdMember>();
    await waitUntil(
      async () => {
        const statuses = await Promise.all(cluster.members.map(async (member) => ({ member, status: await member.status() })));
        for (const { member, status } of statuses) byId.set(status.memberId, member);
        return statuses.every(({ status }) => status.revision >= fifth.revision);
      },
      { what: "every member to hold the five releases" },
    );
    const client = new Etcd3({ hosts: cluster.endpoints });
    closers.push(() => client.close());
    let killed: TestEtcdMember | undefined;
    // The client as watchEtcdApp uses it, except that the first watcher's "created" answer kills
    // the member that sent it, before that member replays the releases after `first`.
    const watching = Object.create(client, {
      watch: {
        value: () => {
          const builder = client.watch();
          const watcher = builder.watcher.bind(builder);
          builder.watcher = () => {
            const created = watcher();
            if (!killed) {
              created.once("connected", (res: IWatchResponse) => {
                killed = byId.get(res.header.member_id);
                void killed?.kill();
              });
            }
            return created;
          };
          return builder;
        },
      },
    }) as Etcd3;

    const seen: PublishedConfig[] = [];
    closers.push(watchEtcdApp({ client: watching, prefix, app: "favpush", fromRevision: first.revision, listener: (config) => seen.push(config), onError: () => undefined }));
    await waitUntil(() => killed !== undefined && !killed.running, { what: "the watched member to be killed" });
    await cluster.waitForLeader();
    const sixth = await center.publish(release(6));
    await waitUntil(() => seen.at(-1)?.revision === sixth.revision, { what: "the watch to see the release after the kill" });
    expect(seen.map((config) => config.releaseId)).toEqual(["release-2", "release-3", "release-4", "release-5", "release-6"]);
  });
});
