import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/db/client";
import { pgliteTemplate } from "./pglite-template";

/**
 * A fresh, migrated database for one test file: PGlite in memory, or (project db-postgres)
 * a new database on the PostgreSQL server of TEST_DATABASE_URL, dropped afterwards.
 */
export async function createTestDatabase(): Promise<Database> {
  if (process.env.TEST_DB_KIND !== "postgres") return openDatabase({ loadDataDir: await pgliteTemplate() });

  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DB_KIND=postgres needs TEST_DATABASE_URL");
  const name = `sc_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    async close() {
      await database.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Makes the route handlers (which call getDb()) use this database. */
export function installAsProcessDatabase(database: Database): void {
  (globalThis as unknown as { __scoringDb?: Promise<Database> }).__scoringDb = Promise.resolve(database);
}
