import { describe, expect, it } from "vitest";
import type { Solution } from "@/server/contracts/solutions";
import { describeChange } from "./describe-change";

const settings = { bucketCount: 10, hashKey: "uid", salt: "favpush" };

function solution(name: string, buckets: number[], change: Partial<Solution> = {}): Solution {
  return {
    name,
    features: { user_feat: "getKV user_tbl {uid}|{version:vec}" },
    model: { name: "lr", version: "lr_v1" },
    fg: { class: "com.x.FavFG", version: "1" },
    buckets,
    ...change,
  };
}

function content(solutions: Solution[], versions: Record<string, string> = { lr_v1: "20200117", vec: "5" }, app = settings) {
  return {
    document: {
      app_name: "favpush",
      solutions: solutions.map(({ name, ...body }) => ({ [name]: body })),
      app: { bucket_count: app.bucketCount, hash_key: app.hashKey, salt: app.salt },
    },
    versions,
  };
}

const live = content([solution("v1", [0, 1, 2, 3, 4]), solution("v2", [5, 6, 7, 8, 9])]);

describe("describeChange", () => {
  it("says which buckets move between which solutions, each solution's traffic before → after, and the share of users who change solution", () => {
    const candidate = content([solution("v1", [0, 1, 2]), solution("v2", [3, 4, 5, 6, 7, 8, 9])]);
    const summary = describeChange({ before: live, after: candidate, appSettings: settings });
    expect(summary.moves.map((m) => m.text)).toEqual(["v1 → v2: buckets 3-4, 20% of traffic"]);
    expect(summary.traffic).toEqual([
      { solution: "v1", before: 0.5, after: 0.3 },
      { solution: "v2", before: 0.5, after: 0.7 },
    ]);
    expect(summary.usersMoving.share).toBeCloseTo(0.2);
    expect(summary.usersMoving.text).toBe("20% of users change solution.");
    expect(summary.solutions).toEqual([]);
    expect(summary.nothingChanges).toBe(false);
  });

  it("says that a new salt moves nearly every user, and how many land in another solution", () => {
    const candidate = content([solution("v1", [0, 1, 2, 3, 4]), solution("v2", [5, 6, 7, 8, 9])], undefined, { ...settings, salt: "favpush-2" });
    const summary = describeChange({ before: live, after: candidate, appSettings: settings });
    expect(summary.settings).toEqual([{ setting: "salt", before: "favpush", after: "favpush-2" }]);
    expect(summary.moves).toEqual([]);
    expect(summary.usersMoving.text).toMatch(/^A new salt draws every user's bucket again: nearly every user moves to another bucket/);
    // Two halves drawn again independently: half the users keep their solution by chance.
    expect(summary.usersMoving.share).toBeCloseTo(0.5);
  });

  it("says the same of a new hash key", () => {
    const candidate = content([solution("v1", [0]), solution("v2", [1, 2, 3, 4, 5, 6, 7, 8, 9])], undefined, { ...settings, hashKey: "device_id" });
    const summary = describeChange({ before: live, after: candidate, appSettings: settings });
    expect(summary.usersMoving.text).toMatch(/^A new hash key draws every user's bucket again: nearly every user moves/);
    expect(summary.usersMoving.share).toBeCloseTo(1 - (0.5 * 0.1 + 0.5 * 0.9));
  });

  it("measures the users a new bucket count moves on sample keys", () => {
    const candidate = content([solution("v1", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), solution("v2", [10, 11, 12, 13, 14, 15, 16, 17, 18, 19])], undefined, { ...settings, bucketCount: 20 });
    const summary = describeChange({ before: live, after: candidate, appSettings: settings });
    expect(summary.settings).toEqual([{ setting: "bucket_count", before: 10, after: 20 }]);
    expect(summary.usersMoving.text).toMatch(/^The bucket count goes from 10 to 20: about \d+(\.\d+)?% of users land in another solution/);
    // Doubling the count re-splits every bucket: a real share moves, not none and not all.
    expect(summary.usersMoving.share).toBeGreaterThan(0.2);
    expect(summary.usersMoving.share).toBeLessThan(0.8);
  });

  it("says model, fg and template changes per solution, with model versions resolved through the version keys", () => {
    const candidate = content(
      [
        solution("v1", [0, 1, 2, 3, 4]),
        solution("v2", [5, 6, 7, 8, 9], {
          model: { name: "lr", version: "20200201" },
          fg: { class: "com.x.FavFG", version: "2" },
          features: { user_feat: "getKV user_tbl {uid}|{version:vec}|x", item_feat: "getKV item_tbl {goods_id}" },
        }),
      ],
      { lr_v1: "20200117", vec: "5" },
    );
    const summary = describeChange({ before: live, after: candidate, appSettings: settings });
    expect(summary.solutions).toEqual([{ solution: "v2", text: "v2: model lr 20200117 → 20200201; fg FavFG 1 → 2; template item_feat added; template user_feat changed" }]);
    expect(summary.moves).toEqual([]);
    expect(summary.usersMoving.share).toBe(0);
  });

  it("lists version keys before → after, and a model whose version key moves as a model change of every solution using it", () => {
    const candidate = content([solution("v1", [0, 1, 2, 3, 4]), solution("v2", [5, 6, 7, 8, 9])], { lr_v1: "20200201", vec: "5", new_key: "1" });
    const summary = describeChange({ before: live, after: candidate, appSettings: settings });
    expect(summary.versions).toEqual([
      { key: "lr_v1", before: "20200117", after: "20200201" },
      { key: "new_key", before: null, after: "1" },
    ]);
    expect(summary.solutions.map((s) => s.text)).toEqual(["v1: model lr 20200117 → 20200201", "v2: model lr 20200117 → 20200201"]);
  });

  it("names new and removed solutions", () => {
    const candidate = content([solution("v1", [0, 1, 2, 3, 4, 5, 6, 7]), solution("v3", [8, 9], { fg: { class: "com.x.DNNFg", version: "3" } })]);
    const summary = describeChange({ before: live, after: candidate, appSettings: settings });
    expect(summary.solutions.map((s) => s.text)).toEqual(["v3: new solution, model lr 20200117, fg DNNFg 3, buckets 8-9 (20% of traffic)", "v2: removed"]);
    expect(summary.moves.map((m) => m.text)).toEqual(["v2 → v1: buckets 5-7, 30% of traffic", "v2 → v3: buckets 8-9, 20% of traffic"]);
    expect(summary.traffic).toContainEqual({ solution: "v2", before: 0.5, after: null });
  });

  it("says when nothing changes, and describes a first release without a live one", () => {
    expect(describeChange({ before: live, after: structuredClone(live), appSettings: settings }).nothingChanges).toBe(true);
    const first = describeChange({ before: null, after: live, appSettings: settings });
    expect(first.nothingChanges).toBe(false);
    expect(first.moves).toEqual([]);
    expect(first.settings).toEqual([]);
    expect(first.traffic).toEqual([
      { solution: "v1", before: null, after: 0.5 },
      { solution: "v2", before: null, after: 0.5 },
    ]);
  });
});
