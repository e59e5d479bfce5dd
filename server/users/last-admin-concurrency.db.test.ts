import { inArray } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { users } from "@/db/schema";
import { waitUntil } from "@/test/support/etcd";
import { createPerson } from "@/test/support/people";
import { createPostgresDatabase, createTestDatabase } from "@/test/support/test-db";
import { updateUser } from "./update-user";

/**
 * The last-admin rule under concurrency (issue 16, High 3). Two admins demoting each other at
 * the same moment: each transaction saw the other still admin and both committed, leaving no
 * admin. PostgreSQL only for the race (PGlite serialises everything on one connection).
 */
const onPostgres = process.env.TEST_DB_KIND === "postgres" && Boolean(process.env.TEST_DATABASE_URL);

describe("a demoted admin can no longer act", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it("refuses (403) a change by an admin whose rights were removed since the request was authorised", async () => {
    const a = await createPerson(database.db, "admin");
    const b = await createPerson(database.db, "admin");
    const viewer = await createPerson(database.db, "viewer");
    await updateUser(database.db, { actor: b.actor, id: a.actor.id, input: { role: "viewer" } });
    // a.actor still says admin (resolved before the demotion): the transaction must look again.
    await expect(updateUser(database.db, { actor: a.actor, id: viewer.actor.id, input: { role: "admin" } })).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(/no longer an active admin/),
    });
    const [row] = await database.db.select({ role: users.role }).from(users).where(inArray(users.id, [viewer.actor.id]));
    expect(row?.role).toBe("viewer");
  });
});

describe.skipIf(!onPostgres)("two admins demoting each other at the same moment on PostgreSQL", () => {
  let database: Database;
  let url = "";
  let drop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const created = await createPostgresDatabase("sc_admins");
    url = created.url;
    drop = created.drop;
    database = await openDatabase({ url });
  });
  afterAll(async () => {
    await database?.close();
    await drop();
  });

  it("lets exactly one demotion through; the other is refused and one admin is left", async () => {
    const a = await createPerson(database.db, "admin");
    const b = await createPerson(database.db, "admin");
    const ids = [a.actor.id, b.actor.id];

    // The barrier: a separate connection holds both admin rows locked, so both demotions start
    // and wait inside their transactions; releasing it lets them race for real.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    const watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM users WHERE id = ANY($1::uuid[]) FOR UPDATE", [ids]);

      const results = Promise.allSettled([
        updateUser(database.db, { actor: a.actor, id: b.actor.id, input: { role: "viewer" } }),
        updateUser(database.db, { actor: b.actor, id: a.actor.id, input: { role: "viewer" } }),
      ]);
      // Both transactions are blocked (behind the holder, or one behind the other in the queue).
      await waitUntil(
        async () => {
          const { rows } = await watcher.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0",
          );
          return rows[0]!.n >= 2;
        },
        { what: "both demotions to wait on the held rows" },
      );
      await holder.query("COMMIT");

      const settled = await results;
      const ok = settled.filter((r) => r.status === "fulfilled");
      const refused = settled.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toMatchObject({ status: expect.toSatisfy((s: number) => s === 403 || s === 409) });

      const admins = await database.db.select({ id: users.id, role: users.role }).from(users).where(inArray(users.id, ids));
      expect(admins.filter((r) => r.role === "admin")).toHaveLength(1);
    } finally {
      await holder.end();
      await watcher.end();
    }
  });
});
