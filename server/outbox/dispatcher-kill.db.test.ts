import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { auditLog, configCenterReleases, outbox, releases } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import { approvedRelease } from "@/test/support/approved-release";
import { waitUntil } from "@/test/support/etcd";
import { createDispatcher } from "./create-dispatcher";
import { createPostgresDatabase } from "@/test/support/test-db";

/**
 * The dispatcher as a real process, killed with SIGKILL right after the center took a release
 * and before it could mark it delivered; then a new dispatcher (another process would do the
 * same) takes over after the lease. PostgreSQL only: PGlite cannot be shared by two processes.
 */
const adminUrl = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.TEST_DB_KIND === "postgres" && Boolean(adminUrl);
const root = path.resolve(import.meta.dirname, "../..");
let url = "";
let dropDatabase: () => Promise<void> = async () => {};
let database: Database;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  const created = await createPostgresDatabase("sc_kill");
  url = created.url;
  dropDatabase = created.drop;
  database = await openDatabase({ url });
});

afterAll(async () => {
  if (!onPostgres) return;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await database?.close();
  await dropDatabase();
});

function startDispatcherProcess(env: Record<string, string>): { child: ChildProcess; output: string[] } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "test/support/dispatcher-process.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(...chunk.toString().split("\n").filter(Boolean)));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  return { child, output };
}

const documentOf = (n: number) => ({
  app_name: "killed",
  solutions: [{ v1: { features: {}, model: { name: "lr", version: `lr_v${n}` }, fg: { class: "LRFg", version: "v1" }, buckets: [0, 1] } }],
});

describe.skipIf(!onPostgres)("dispatcher process killed mid-delivery", () => {
  it("redelivers after the lease: each release reaches the center once, in order", async () => {
    const db = database.db;
    await createApp(db, { actor: SYSTEM, input: { name: "killed", bucketCount: 2, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const release = await approvedRelease(db, { app: "killed", comment: `r${n}`, change: { document: documentOf(n), versions: { v: String(n) } } });
      ids.push(release.id);
    }

    const doomed = startDispatcherProcess({ HANG_AFTER_PUBLISH: "1", OWNER: "doomed", LEASE_MS: "800" });
    await waitUntil(() => doomed.output.some((line) => line === `took ${ids[0]}`), { what: `the doomed dispatcher to publish (${doomed.output.join(" | ")})`, timeoutMs: 30_000 });
    const exited = new Promise((resolve) => doomed.child.once("exit", resolve));
    doomed.child.kill("SIGKILL");
    await exited;
    const [first] = await db.select().from(outbox).where(eq(outbox.releaseId, ids[0]!));
    expect(first).toMatchObject({ state: "pending", leaseOwner: "doomed" });

    // The restart: a new dispatcher (here in the test process) on the same database.
    const center = createBuiltinConfigCenter({ db });
    // Not about delivery's re-check of the references (held-releases.db.test.ts is): no model server here.
    const restarted = createDispatcher({ db, center, pollMs: 50, leaseMs: 800 , recheckReferences: false });
    restarted.start();
    try {
      await waitUntil(async () => (await db.select().from(outbox).where(eq(outbox.app, "killed"))).every((o) => o.state === "delivered"), {
        what: "every release to be delivered after the restart",
        timeoutMs: 20_000,
      });
    } finally {
      await restarted.stop();
      await center.close();
    }

    const taken = await db.select().from(configCenterReleases).where(eq(configCenterReleases.app, "killed")).orderBy(asc(configCenterReleases.revision));
    expect(taken.map((t) => t.releaseId)).toEqual(ids);
    const rows = await db.select({ id: releases.id, revision: releases.revision }).from(releases).where(eq(releases.app, "killed")).orderBy(asc(releases.seq));
    expect(rows.map((r) => r.revision)).toEqual(taken.map((t) => t.revision));
    const delivered = await db.select().from(auditLog).where(and(eq(auditLog.kind, "release"), eq(auditLog.action, "deliver"), eq(auditLog.app, "killed"))).orderBy(asc(auditLog.at));
    expect(delivered.map((row) => (row.after as { releaseId: string }).releaseId)).toEqual(ids);
    expect((delivered[0]!.after as { alreadyPublished: boolean }).alreadyPublished).toBe(true);
  }, 60_000);
});
