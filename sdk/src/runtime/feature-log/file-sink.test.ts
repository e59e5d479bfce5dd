import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileFeatureLogSink } from "./file-sink";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "feature-log-file-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const line = (i: number) => `{"n":${i},"pad":"${"x".repeat(20)}"}`;
/** Room for exactly three of the lines above (each with its newline). */
const THREE_LINES = 3 * (line(0).length + 1);

describe("fileFeatureLogSink", () => {
  it("appends lines, rotates by size before a write would pass it, and keeps N rotated files", async () => {
    const file = path.join(dir, "rot", "features.jsonl");
    await rm(path.dirname(file), { recursive: true, force: true });
    await mkdir(path.dirname(file), { recursive: true });
    const sink = fileFeatureLogSink({ path: file, maxBytes: THREE_LINES, keep: 2 });
    for (let i = 0; i < 10; i++) await sink.write([line(i)]);
    // 3 lines per file: 9 in features.jsonl.2 <- .1 <- current; the oldest (0-2) deleted.
    expect((await readdir(path.dirname(file))).sort()).toEqual(["features.jsonl", "features.jsonl.1", "features.jsonl.2"]);
    const read = async (name: string) => (await readFile(path.join(path.dirname(file), name), "utf8")).trim().split("\n").map((l) => JSON.parse(l).n);
    expect(await read("features.jsonl.2")).toEqual([3, 4, 5]);
    expect(await read("features.jsonl.1")).toEqual([6, 7, 8]);
    expect(await read("features.jsonl")).toEqual([9]);
  });

  it("counts a file already there, writes a batch whole into one file, and keeps 0 rotated files when asked", async () => {
    const file = path.join(dir, "existing.jsonl");
    await writeFile(file, `${line(0)}\n${line(1)}\n`);
    const sink = fileFeatureLogSink({ path: file, maxBytes: THREE_LINES, keep: 0 });
    await sink.write([line(2), line(3), line(4), line(5)]); // larger than maxBytes: whole, in a fresh file
    expect((await readFile(file, "utf8")).trim().split("\n").map((l) => JSON.parse(l).n)).toEqual([2, 3, 4, 5]);
    expect((await readdir(dir)).filter((n) => n.startsWith("existing"))).toEqual(["existing.jsonl"]);
  });
});
