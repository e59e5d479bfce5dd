import { inspect } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/test/support/test-db";
import { loggableError, safeErrorMessage } from "./loggable-error";

let database: Database;
const SECRET = "scrypt$16384$8$1$c2VjcmV0LXNhbHQ=$c2VjcmV0LWhhc2g=";

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`CREATE TABLE log_probe (id int, secret text CHECK (secret <> ${sql.raw(`'${SECRET}'`)}))`);
});
afterAll(async () => database?.close());

/** The error a query with SECRET among its parameters throws, on this test's driver. */
async function failedQuery(statement: ReturnType<typeof sql>): Promise<unknown> {
  return database.db.execute(statement).then(
    () => expect.fail("the query should have failed"),
    (e: unknown) => e,
  );
}

/** What console.error would print. */
const printed = (e: unknown) => inspect(e, { depth: 10 });

describe("loggableError on the database's own errors", () => {
  it("prints the raw error with every parameter (what this guards against)", async () => {
    const e = await failedQuery(sql`INSERT INTO log_probe VALUES (${1}, ${SECRET})`);
    expect(printed(e)).toContain(SECRET);
  });

  it.each([
    ["a check violation (whose detail quotes the row)", sql`INSERT INTO log_probe VALUES (${1}, ${SECRET})`, "23514", /violates check constraint/],
    ["U+0000 in text", sql`INSERT INTO log_probe VALUES (${2}, ${`${SECRET}\u0000`})`, "22021", /0x00/],
    // A data exception's message quotes the value it refused: the quotes are emptied.
    ["a bad uuid", sql`SELECT ${SECRET}::uuid`, "22P02", /invalid input syntax for type uuid/],
  ])("keeps the code, the database's message and the frames of %s, without query parameters", async (_, statement, code, message) => {
    const e = await failedQuery(statement);
    const out = loggableError(e);
    const text = printed(out);
    expect(text).toContain(`[${code}]`);
    expect(text).toMatch(message);
    expect(text).toMatch(/\n\s+at /);
    expect(text).not.toContain("params");
    expect(text).not.toContain("Failing row");
    expect(text).not.toContain("c2VjcmV0");
    expect(safeErrorMessage(e)).toMatch(new RegExp(`^Database query failed \\[${code}\\]: `));
    expect(safeErrorMessage(e)).not.toContain("c2VjcmV0");
  });

  it("scrubs a database error found in the cause chain of another error", async () => {
    const dbError = await failedQuery(sql`INSERT INTO log_probe VALUES (${3}, ${SECRET})`);
    const wrapped = new Error("could not write progress", { cause: new Error("the step failed", { cause: dbError }) });
    const text = printed(loggableError(wrapped));
    expect(text).toContain("could not write progress");
    expect(text).toContain("the step failed");
    expect(text).toContain("[23514]");
    expect(text).not.toContain("c2VjcmV0");
    expect(safeErrorMessage(wrapped)).toBe("could not write progress");
  });
});

describe("loggableError on other errors", () => {
  it("leaves them as they are", () => {
    const plain = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379", { cause: new Error("inner") }), { code: "ECONNREFUSED" });
    expect(loggableError(plain)).toBe(plain);
    expect(loggableError("a string")).toBe("a string");
    expect(safeErrorMessage(plain)).toBe(plain.message);
    expect(safeErrorMessage(42)).toBe("42");
  });
});
