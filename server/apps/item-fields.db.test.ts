import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { listAudit } from "@/server/audit/list-audit";
import { MAX_ITEM_FIELDS } from "@/server/contracts/apps";
import type { AppError } from "@/server/errors";
import { getTemplateContext } from "@/server/feature-tables/get-template-context";
import { createPerson, type TestPerson } from "@/test/support/people";
import { createTestDatabase } from "@/test/support/test-db";
import { createApp } from "./create-app";
import { getApp } from "./get-app";
import { listApps } from "./list-apps";
import { updateApp } from "./update-app";

let database: Database;
let editor: TestPerson;

const base = { bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" as const }] };

beforeAll(async () => {
  database = await createTestDatabase();
  editor = await createPerson(database.db, "editor");
});
afterAll(async () => database?.close());

async function rejects(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(Error);
  return e as AppError;
}

async function snapshot() {
  return { apps: await listApps(database.db), audit: (await listAudit(database.db, { limit: 500 })).entries.length };
}

describe("item fields", () => {
  it("an app without item fields declares none; one with them keeps them in order, audited", async () => {
    expect((await createApp(database.db, { actor: editor.actor, input: { name: "single", ...base } })).itemFields).toEqual([]);
    const itemFields = [
      { name: "goods_id", type: "int" as const },
      { name: "shop", type: "string" as const },
    ];
    const app = await createApp(database.db, { actor: editor.actor, input: { name: "batch", ...base, itemFields } });
    expect(app.itemFields).toEqual(itemFields);
    expect((await getApp(database.db, "batch")).itemFields).toEqual(itemFields);
    const { entries } = await listAudit(database.db, { app: "batch", kind: "app", limit: 1 });
    expect(entries[0]).toMatchObject({ action: "create", after: { itemFields } });
  });

  it("updates item fields; an update without them keeps them", async () => {
    const v2 = await updateApp(database.db, { actor: editor.actor, name: "batch", input: { ...base, itemFields: [{ name: "goods_id", type: "string" }], version: 1 } });
    expect(v2).toMatchObject({ version: 2, itemFields: [{ name: "goods_id", type: "string" }] });
    const v3 = await updateApp(database.db, { actor: editor.actor, name: "batch", input: { ...base, bucketCount: 20, version: 2 } });
    expect(v3).toMatchObject({ version: 3, bucketCount: 20, itemFields: [{ name: "goods_id", type: "string" }] });
  });

  it("lets templates use item fields: the template context lists them with the origin fields", async () => {
    expect((await getTemplateContext(database.db, "batch")).originFields).toEqual(["uid", "goods_id"]);
  });

  it.each([
    ["an item field named like an origin field", { itemFields: [{ name: "uid", type: "int" }] }, "itemFields.0.name", '"uid" is an origin field'],
    ["an item field declared twice", { itemFields: [{ name: "sku", type: "int" }, { name: "sku", type: "string" }] }, "itemFields.1.name", 'Item field "sku" is declared twice'],
    ["a malformed item field name", { itemFields: [{ name: "1sku", type: "int" }] }, "itemFields.0.name", "Letters, digits and _"],
    ["an unknown item field type", { itemFields: [{ name: "sku", type: "uuid" }] }, "itemFields.0.type", ""],
    ["too many item fields", { itemFields: Array.from({ length: MAX_ITEM_FIELDS + 1 }, (_, i) => ({ name: `f${i}`, type: "int" })) }, "itemFields", `At most ${MAX_ITEM_FIELDS} item fields`],
  ])("refuses %s on create and on update, naming it, and changes nothing", async (_, patch, path, message) => {
    const before = await snapshot();
    const created = await rejects(createApp(database.db, { actor: editor.actor, input: { name: "other", ...base, ...patch } as never }));
    const updated = await rejects(updateApp(database.db, { actor: editor.actor, name: "batch", input: { ...base, ...patch, version: 3 } as never }));
    for (const e of [created, updated]) {
      const issues = JSON.parse((e as Error).message) as { path: (string | number)[]; message: string }[];
      expect(issues[0]!.path.join(".")).toBe(path);
      expect(issues[0]!.message).toContain(message);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an update whose new origin fields take a kept item field's name (400 naming it), and changes nothing", async () => {
    const before = await snapshot();
    const originFields = [...base.originFields, { name: "goods_id", type: "int" as const }];
    const e = await rejects(updateApp(database.db, { actor: editor.actor, name: "batch", input: { ...base, originFields, version: 3 } }));
    expect(e.status).toBe(400);
    expect(e.message).toContain('"goods_id" is an origin field');
    expect(await snapshot()).toEqual(before);
  });
});
