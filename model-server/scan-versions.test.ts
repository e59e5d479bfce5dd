import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { aspiredVersions, folderStamp, listVersionFolders } from "./scan-versions";
import { removeTempDirs, tempDir } from "./test-support";

describe("version folders on disk", () => {
  afterAll(removeTempDirs);

  it("lists integer folders only, reading leading zeros as TF Serving does", () => {
    const base = tempDir("scan");
    for (const name of ["00000123", "7", "tmp", "12a"]) fs.mkdirSync(path.join(base, name));
    fs.writeFileSync(path.join(base, "9"), "a file, not a folder");
    expect(listVersionFolders(base)).toEqual(new Map([[123, "00000123"], [7, "7"]]));
    expect(listVersionFolders(path.join(base, "missing"))).toEqual(new Map());
  });

  it("counts a folder as soon as it appears, as TF Serving does, and stamps what is in it", () => {
    const base = tempDir("policy");
    for (const v of [1, 2, 3, 4]) fs.mkdirSync(path.join(base, String(v)));
    fs.writeFileSync(path.join(base, "4", "model.json"), '{"kind": "ml');
    const onDisk = listVersionFolders(base);
    expect(aspiredVersions(null, onDisk)).toEqual([4]);
    expect(aspiredVersions({ kind: "latest", numVersions: 2 }, onDisk)).toEqual([4, 3]);
    expect(aspiredVersions({ kind: "all" }, onDisk)).toEqual([4, 3, 2, 1]);
    expect(aspiredVersions({ kind: "specific", versions: [1, 4, 9] }, onDisk)).toEqual([1, 4]);

    const before = folderStamp(path.join(base, "4"));
    fs.mkdirSync(path.join(base, "4", "variables"));
    fs.writeFileSync(path.join(base, "4", "variables", "x"), "1");
    expect(folderStamp(path.join(base, "4"))).not.toBe(before);
  });
});
