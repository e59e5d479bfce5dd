import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import type { ConfigCenter, PublishedConfig } from "@/server/config-center/config-center";
import { createBuiltinConfigCenter } from "./create-builtin-config-center";
import { createPostgresDatabase } from "@/test/support/test-db";

/**
 * Two console processes on one PostgreSQL: each has its own connection pool and its own
 * built-in center (as two processes would). The watcher's poll is switched off, so only
 * LISTEN/NOTIFY can tell it of the other's publish. PostgreSQL only: PGlite is one process.
 */
const adminUrl = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.TEST_DB_KIND === "postgres" && Boolean(adminUrl);
let url = "";
let dropDatabase: () => Promise<void> = async () => {};
const databases: Database[] = [];
const centers: ConfigCenter[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  const created = await createPostgresDatabase("sc_listen");
  url = created.url;
  dropDatabase = created.drop;
});

afterAll(async () => {
  if (!onPostgres) return;
  await Promise.all(centers.map((c) => c.close()));
  await Promise.all(databases.map((d) => d.close()));
  await dropDatabase();
});

/** A console process's center, and a promise kept once its LISTEN is acknowledged. */
async function consoleProcess(pollMs: number): Promise<{ center: ConfigCenter; listening: Promise<void> }> {
  const database = await openDatabase({ url });
  databases.push(database);
  let listened!: () => void;
  const listening = new Promise<void>((resolve) => (listened = resolve));
  const center = createBuiltinConfigCenter({ db: database.db, listenUrl: url, pollMs, onListening: () => listened() });
  centers.push(center);
  return { center, listening };
}

describe.skipIf(!onPostgres)("built-in center across processes (LISTEN/NOTIFY)", () => {
  it("a watcher in another process hears a publish without polling", async () => {
    const { center: publisher } = await consoleProcess(1_000);
    const { center: watcher, listening } = await consoleProcess(0);
    const first = await publisher.publish({ app: "shared", releaseId: randomUUID(), document: { app_name: "shared", solutions: [] }, versions: { k: "1" } });
    const heard = new Promise<PublishedConfig>((resolve) => {
      const stop = watcher.watch("shared", first.revision, (config) => {
        stop();
        resolve(config);
      });
    });
    // A NOTIFY sent before the watcher's LISTEN is acknowledged would be lost (its poll is off).
    await listening;
    const second = await publisher.publish({ app: "shared", releaseId: randomUUID(), document: { app_name: "shared", solutions: [] }, versions: { k: "2" } });
    const config = await heard;
    expect(config).toMatchObject({ revision: second.revision, versions: { k: "2" } });
  });
});
