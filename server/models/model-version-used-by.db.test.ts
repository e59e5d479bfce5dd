import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as featureTableRoute from "@/app/api/v1/feature-tables/[table]/used-by/route";
import * as fgRoute from "@/app/api/v1/fg/classes/[fgClass]/versions/[version]/used-by/route";
import * as modelRoute from "@/app/api/v1/models/[model]/versions/[version]/used-by/route";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { models } from "@/db/schema";
import { favpushSolutions } from "@/db/seed/favpush";
import { SYSTEM } from "@/server/auth/actor";
import { createModel } from "@/server/models/create-model";
import { callRoute } from "@/test/support/call-route";
import { createPerson, type TestPerson } from "@/test/support/people";
import { deliveredRelease, draftSolutions, pendingPublish } from "@/test/support/solution-sources";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { featureTableUsedBy } from "@/server/feature-tables/feature-table-used-by";
import { fgVersionUsedBy } from "@/server/fg-packages/fg-version-used-by";
import { modelVersionUsedBy } from "./model-version-used-by";

let database: Database;
let viewer: TestPerson;

const [v1, v2] = favpushSolutions();
const lr = (version: string) => ({ ...v1!, model: { name: "favpush_lr", version } });

// favpush: live scores v1 with favpush_lr through the key favpush_lr_v1 = 20200116, the draft
// names 20200117 directly, a pending request goes back to the key. shop: live only, v1 at 5.
beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  viewer = await createPerson(database.db, "viewer");
  await seedFavpushWorld(database.db, { parts: ["app"] });
  await seedFavpushWorld(database.db, { parts: ["app"], app: { name: "shop" } });
  await createModel(database.db, { actor: SYSTEM, input: { name: "favpush_lr", basePath: "/models/favpush_lr", policy: { kind: "specific", versions: [20200116] } } });
  await database.db.update(models).set({ labels: { stable: 20200116, canary: 20200117 } });

  // An older delivered release, and a newer one not yet delivered: neither is live.
  await deliveredRelease(database.db, { app: "favpush", solutions: [lr("1")] });
  await deliveredRelease(database.db, { app: "favpush", solutions: [lr("favpush_lr_v1"), v2!], versions: { favpush_lr_v1: "20200116" } });
  await deliveredRelease(database.db, { app: "favpush", solutions: [lr("7")], versions: { favpush_lr_v1: "20200116" }, delivered: false });
  await draftSolutions(database.db, "favpush", [lr("20200117"), { ...v2!, fg: { class: v2!.fg.class, version: "v3" } }]);
  await pendingPublish(database.db, { app: "favpush", solutions: [lr("favpush_lr_v1")], title: "Back to the key" });
  await deliveredRelease(database.db, { app: "shop", solutions: [{ ...lr("5"), name: "s1" }] });
});

afterAll(async () => {
  await database?.close();
});

const where = (uses: { app: string; solution: string; where: string }[]) => uses.map((u) => `${u.app}/${u.solution}@${u.where}`).sort();

describe("used by", () => {
  it("lists the live, draft and pending solutions of a model version, resolving version keys as each would, and its labels", async () => {
    const live = await modelVersionUsedBy(database.db, { model: "favpush_lr", version: 20200116 });
    expect(where(live.uses)).toEqual(["favpush/v1@live", "favpush/v1@pending"]);
    expect(live.uses.find((u) => u.where === "live")).toMatchObject({ via: "favpush_lr_v1", release: { seq: 2 }, changeRequest: null });
    expect(live.uses.find((u) => u.where === "pending")?.changeRequest?.title).toBe("Back to the key");
    expect(live.labels).toEqual(["stable"]);

    const draft = await modelVersionUsedBy(database.db, { model: "favpush_lr", version: 20200117 });
    expect(where(draft.uses)).toEqual(["favpush/v1@draft"]);
    expect(draft.uses[0]?.via).toBeNull();
    expect(draft.labels).toEqual(["canary"]);

    // Versions only an old release or an undelivered one names are used by nothing.
    expect((await modelVersionUsedBy(database.db, { model: "favpush_lr", version: 1 })).uses).toEqual([]);
    expect((await modelVersionUsedBy(database.db, { model: "favpush_lr", version: 7 })).uses).toEqual([]);
    expect(where((await modelVersionUsedBy(database.db, { model: "favpush_lr", version: 5 })).uses)).toEqual(["shop/s1@live"]);
  });

  it("lists the solutions of an fg version", async () => {
    expect(where((await fgVersionUsedBy(database.db, { fgClass: v2!.fg.class, version: "v2" })).uses)).toEqual(["favpush/v2@live"]);
    expect(where((await fgVersionUsedBy(database.db, { fgClass: v2!.fg.class, version: "v3" })).uses)).toEqual(["favpush/v2@draft"]);
    expect((await fgVersionUsedBy(database.db, { fgClass: "com.none.Fg", version: "v2" })).uses).toEqual([]);
  });

  it("lists the templates that read a feature table", async () => {
    const cf = await featureTableUsedBy(database.db, { table: "graph_cf_tbl" });
    expect(where(cf.uses)).toEqual(["favpush/v2@draft", "favpush/v2@live"]);
    expect(cf.uses[0]?.features).toEqual([{ name: "cf", template: v2!.features.cf }]);
    const user = await featureTableUsedBy(database.db, { table: "user_tbl" });
    expect(where(user.uses)).toEqual(["favpush/v1@draft", "favpush/v1@live", "favpush/v1@pending", "favpush/v2@draft", "favpush/v2@live", "shop/s1@live"]);
  });

  it("answers over the API, with 400 for a version that is not a number", async () => {
    const ok = await callRoute(modelRoute.GET, "/api/v1/models/favpush_lr/versions/20200116/used-by", { params: { model: "favpush_lr", version: "20200116" }, cookie: viewer.cookie });
    expect(ok.status).toBe(200);
    expect((ok.json as { labels: string[] }).labels).toEqual(["stable"]);
    const bad = await callRoute(modelRoute.GET, "/api/v1/models/favpush_lr/versions/x/used-by", { params: { model: "favpush_lr", version: "x" }, cookie: viewer.cookie });
    expect(bad.status).toBe(400);
    const fg = await callRoute(fgRoute.GET, "/x", { params: { fgClass: v2!.fg.class, version: "v3" }, cookie: viewer.cookie });
    expect(fg.status).toBe(200);
    const table = await callRoute(featureTableRoute.GET, "/x", { params: { table: "goods_tbl" }, cookie: viewer.cookie });
    expect(table.status).toBe(200);
    expect((table.json as { uses: unknown[] }).uses.length).toBeGreaterThan(0);
  });
});
