import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { aspiredVersions, isVersionReady, listVersionFolders } from "./scan-versions";
import { HALF_PLUS_TWO_FIXTURE, removeTempDirs, tempDir } from "./test-support";

describe("version folders on disk", () => {
  afterAll(removeTempDirs);

  it("lists integer folders only, reading leading zeros as TF Serving does", () => {
    const base = tempDir("scan");
    for (const name of ["00000123", "7", "tmp", "12a"]) fs.mkdirSync(path.join(base, name));
    fs.writeFileSync(path.join(base, "9"), "a file, not a folder");
    expect(listVersionFolders(base)).toEqual(new Map([[123, "00000123"], [7, "7"]]));
    expect(listVersionFolders(path.join(base, "missing"))).toEqual(new Map());
  });

  it("counts a saved_model.pb only once it parses completely", () => {
    const dir = tempDir("pb");
    const bytes = fs.readFileSync(path.join(HALF_PLUS_TWO_FIXTURE, "saved_model.pb"));
    fs.writeFileSync(path.join(dir, "saved_model.pb"), bytes.subarray(0, bytes.length / 2));
    expect(isVersionReady(dir)).toBe(false);
    fs.writeFileSync(path.join(dir, "saved_model.pb"), bytes);
    expect(isVersionReady(dir)).toBe(true);
    expect(isVersionReady(tempDir("empty"))).toBe(false);
  });

  it("chooses versions by policy among the complete ones", () => {
    const base = tempDir("policy");
    for (const v of [1, 2, 3, 4]) {
      fs.mkdirSync(path.join(base, String(v)));
      fs.writeFileSync(path.join(base, String(v), "model.json"), v === 4 ? '{"kind": "ml' : "{}");
    }
    const onDisk = listVersionFolders(base);
    expect(aspiredVersions(null, onDisk, base)).toEqual([3]);
    expect(aspiredVersions({ kind: "latest", numVersions: 2 }, onDisk, base)).toEqual([3, 2]);
    expect(aspiredVersions({ kind: "all" }, onDisk, base)).toEqual([3, 2, 1]);
    expect(aspiredVersions({ kind: "specific", versions: [1, 4, 9] }, onDisk, base)).toEqual([1]);
  });
});
