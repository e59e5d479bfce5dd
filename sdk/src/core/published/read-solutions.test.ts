import { describe, expect, it } from "vitest";
import { readSolutions } from "./read-solutions";
import { articleDocument } from "../../test-documents";
import type { PublishedConfig } from "./types";

const configOf = (document: unknown): PublishedConfig => ({ app: "favpush", revision: 1, releaseId: "r1", document, versions: {} });

describe("readSolutions", () => {
  it("reads the article's document, buckets in either place, with default settings", () => {
    const view = readSolutions(configOf(articleDocument));
    expect(view.solutions.map((s) => [s.name, s.buckets])).toEqual([
      ["v1", [0, 1, 2]],
      ["v2", [3, 4, 5, 6, 7, 8, 9]],
    ]);
    expect(view.solutions[1]).toMatchObject({
      model: { name: "favpush_dnn", version: "favpush_dnn_v1" },
      fg: { class: "com.xxx.ranking.fg.DNNFg", version: "v2" },
      features: { cf: "getKKV graph_cf_tbl {uid}|{goods_id}|{version:favpush_cf_v5}" },
    });
    expect(view.settings).toEqual({ bucketCount: 10, hashKey: "uid", salt: "favpush" });
    expect(view.byBucket.get(4)?.name).toBe("v2");
  });

  it("takes the app settings the console publishes", () => {
    const view = readSolutions(configOf({ ...articleDocument, app: { bucket_count: 20, hash_key: "device_id", salt: "s1" } }));
    expect(view.settings).toEqual({ bucketCount: 20, hashKey: "device_id", salt: "s1" });
  });

  const solution = (buckets: number[]) => ({ model: { name: "m", version: "1" }, fg: { class: "F", version: "1" }, buckets });
  it.each([
    { name: "no solutions array", document: { app_name: "favpush" }, message: /no solutions array/ },
    { name: "a bucket in two solutions", document: { solutions: [{ a: solution([0, 1]) }, { b: solution([1, 2]) }] }, message: /bucket 1 belongs to both a and b/ },
    { name: "a solution without a model", document: { solutions: [{ a: { fg: { class: "F", version: "1" }, buckets: [0] } }] }, message: /model of a/ },
    { name: "two names in one entry", document: { solutions: [{ a: solution([0]), b: solution([1]) }] }, message: /exactly one/ },
    { name: "bad buckets", document: { solutions: [{ a: solution([-1]) }] }, message: /buckets/ },
    { name: "a bad bucket count", document: { solutions: [{ a: solution([0]) }], app: { bucket_count: 0 } }, message: /bucket_count/ },
    // bucketOf would throw on every request instead: refuse the release and keep the last good one.
    { name: "a bucket count above 10,000", document: { solutions: [{ a: solution([0]) }], app: { bucket_count: 10_001 } }, message: /bucket_count/ },
    { name: "a salt that is not text", document: { solutions: [{ a: solution([0]) }], app: { bucket_count: 1, salt: 7 } }, message: /app\.salt/ },
  ])("refuses $name", ({ document, message }) => {
    expect(() => readSolutions(configOf(document))).toThrow(message);
  });
});
