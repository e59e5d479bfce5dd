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

  const created = await createPostgresDatabase("sc_test");
  const database = await openDatabase({ url: created.url });
  return {
    ...database,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}

/**
 * A new, empty database on the PostgreSQL server of TEST_DATABASE_URL, for tests that run
 * several processes against one database: its URL, and how to drop it (connections and all).
 */
export async function createPostgresDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("A PostgreSQL test database needs TEST_DATABASE_URL");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await asAdmin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => asAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function asAdmin(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** Makes the route handlers (which call getDb()) use this database. */
export function installAsProcessDatabase(database: Database): void {
  (globalThis as unknown as { __scoringDb?: Promise<Database> }).__scoringDb = Promise.resolve(database);
}
