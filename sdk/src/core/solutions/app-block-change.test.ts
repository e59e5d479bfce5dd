import { describe, expect, it } from "vitest";
import { appBlockChanges, shareMovedByBucketCount } from "./app-block-change";

describe("appBlockChanges", () => {
  it("says that a salt or hash-key change moves nearly every user", () => {
    const changes = appBlockChanges({
      changes: [
        { path: "document.app.hash_key", kind: "changed", before: "uid", after: "device_id" },
        { path: "document.app.salt", kind: "changed", before: "a", after: "b" },
        { path: "document.solutions[v1].model.version", kind: "changed", before: "1", after: "2" },
      ],
    });
    expect(changes.map((c) => c.setting)).toEqual(["salt", "hash_key"]);
    for (const c of changes) expect(c.effect).toMatch(/moves nearly every user/);
  });

  it("measures the share a bucket-count change moves", () => {
    const [change] = appBlockChanges({ changes: [{ path: "document.app.bucket_count", kind: "changed", before: 10, after: 20 }] });
    // mod 10 and mod 20 agree for half the hashes.
    expect(change!.effect).toMatch(/from 10 to 20 buckets moves about (49|50|51)% of users/);
    expect(shareMovedByBucketCount(10, 10)).toBe(0);
    expect(shareMovedByBucketCount(100, 101)).toBeGreaterThan(0.95);
  });

  it("ignores a block added to a release that had none, and diffs without one", () => {
    expect(appBlockChanges({ changes: [{ path: "document.app.salt", kind: "added", after: "x" }] })).toEqual([]);
    expect(appBlockChanges({ changes: [] })).toEqual([]);
  });
});
