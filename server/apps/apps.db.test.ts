import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { listAudit } from "@/server/audit/list-audit";
import { AppError } from "@/server/errors";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase } from "@/test/support/test-db";
import { createApp } from "./create-app";
import { getApp } from "./get-app";
import { listApps } from "./list-apps";
import { updateApp } from "./update-app";

let database: Database;
let editor: TestPerson;
let other: TestPerson;

const base = { bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" as const }, { name: "goods_id", type: "int" as const }] };

beforeAll(async () => {
  database = await createTestDatabase();
  editor = await createPerson(database.db, "editor");
  other = await createPerson(database.db, "editor");
});
afterAll(async () => database?.close());

async function rejects(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(Error);
  return e as AppError;
}

describe("apps", () => {
  it("creates an app with the app name as default salt and audits it", async () => {
    const app = await createApp(database.db, { actor: editor.actor, input: { name: "favpush", ...base } });
    expect(app).toMatchObject({ name: "favpush", salt: "favpush", version: 1, bucketCount: 10, updatedBy: editor.actor.email });
    const { entries } = await listAudit(database.db, { app: "favpush", kind: "app", limit: 10 });
    expect(entries[0]).toMatchObject({ action: "create", actorName: editor.actor.email, before: null, after: { name: "favpush", bucketCount: 10 } });
  });

  it("refuses a duplicate name with 409 and changes nothing", async () => {
    const e = await rejects(createApp(database.db, { actor: editor.actor, input: { name: "favpush", ...base, bucketCount: 20 } }));
    expect(e.status).toBe(409);
    expect((await getApp(database.db, "favpush")).bucketCount).toBe(10);
  });

  it.each([
    ["zero buckets", { bucketCount: 0 }, "bucketCount"],
    ["negative buckets", { bucketCount: -3 }, "bucketCount"],
    ["fractional buckets", { bucketCount: 2.5 }, "bucketCount"],
    ["too many buckets", { bucketCount: 10_001 }, "bucketCount"],
    ["hash key not declared", { hashKey: "device" }, "hashKey"],
    ["duplicate origin field", { originFields: [{ name: "uid", type: "int" }, { name: "uid", type: "string" }] }, "originFields.1.name"],
  ])("rejects %s naming the field", async (_, patch, field) => {
    const before = (await listApps(database.db)).length;
    const e = await rejects(createApp(database.db, { actor: editor.actor, input: { name: "other", ...base, ...patch } as never }));
    expect(JSON.stringify(e)).toContain(field.split(".")[0]);
    expect((await listApps(database.db)).length).toBe(before);
  });

  it("updates with the current version and bumps it; before/after are audited", async () => {
    const updated = await updateApp(database.db, { actor: other.actor, name: "favpush", input: { ...base, bucketCount: 100, version: 1 } });
    expect(updated).toMatchObject({ version: 2, bucketCount: 100, updatedBy: other.actor.email, salt: "favpush" });
    const { entries } = await listAudit(database.db, { app: "favpush", limit: 1 });
    expect(entries[0]).toMatchObject({ action: "update", before: { bucketCount: 10, version: 1 }, after: { bucketCount: 100, version: 2 } });
  });

  it("refuses a stale version with 409 carrying the current app, and writes nothing", async () => {
    const e = await rejects(updateApp(database.db, { actor: editor.actor, name: "favpush", input: { ...base, bucketCount: 7, version: 1 } }));
    expect(e.status).toBe(409);
    expect((e.details as { current: { version: number; bucketCount: number } }).current).toMatchObject({ version: 2, bucketCount: 100 });
    expect(await getApp(database.db, "favpush")).toMatchObject({ version: 2, bucketCount: 100 });
  });

  it("404s an unknown app", async () => {
    expect((await rejects(getApp(database.db, "nope"))).status).toBe(404);
    expect((await rejects(updateApp(database.db, { actor: editor.actor, name: "nope", input: { ...base, version: 1 } }))).status).toBe(404);
  });

  it("keeps the audit log append-only at the database level", async () => {
    // Drizzle wraps the driver error; the trigger's message is in the cause.
    const why = (e: unknown) => `${(e as Error).message} ${((e as Error).cause as Error | undefined)?.message ?? ""}`;
    expect(why(await database.db.execute(sql`update audit_log set action = 'forged'`).catch((e: unknown) => e))).toMatch(/append-only/);
    expect(why(await database.db.execute(sql`delete from audit_log`).catch((e: unknown) => e))).toMatch(/append-only/);
    const { entries } = await listAudit(database.db, { limit: 50 });
    expect(entries.some((x) => x.action === "forged")).toBe(false);
  });
});
