import { describe, expect, it } from "vitest";
import { CreateModelSchema } from "./models";
import { isUnderRoots, localPartOf, normalizeBasePath } from "./model-base-path";

describe("normalizeBasePath", () => {
  it.each([
    ["/models/favpush_lr", "/models/favpush_lr"],
    ["  /models/favpush_lr/  ", "/models/favpush_lr"],
    ["/models//favpush_lr/./v1/", "/models/favpush_lr/v1"],
    ["/", "/"],
    ["models/x", "models/x"],
    ["./models/x", "models/x"],
    ["/models/..x/a..b/...", "/models/..x/a..b/..."],
    ["file:///models//x/", "file:///models/x"],
    ["gs://bucket/models//x/", "gs://bucket/models//x/"],
    ["s3://bucket/favpush", "s3://bucket/favpush"],
    ["hdfs://namenode:8020/models/x", "hdfs://namenode:8020/models/x"],
  ])("keeps %j as %j", (raw, path) => {
    expect(normalizeBasePath(raw)).toEqual({ ok: true, path });
  });

  it.each([
    "..",
    "/models/..",
    "/models/../etc",
    "../models",
    "models/x/../../..",
    "/models/%2e%2e/etc",
    "/models/%2E%2e",
    "file:///models/../etc",
    "gs://bucket/../other-bucket",
    "s3://bucket/a/%2e%2e/b",
    "hdfs://namenode/models/../../tmp",
  ])("refuses %j for its .. segment", (raw) => {
    expect(normalizeBasePath(raw)).toEqual({ ok: false, message: 'A base path may not contain ".." segments' });
  });

  it("refuses an empty path and control characters", () => {
    expect(normalizeBasePath("   ")).toMatchObject({ ok: false });
    expect(normalizeBasePath("/models/x\n/etc")).toEqual({ ok: false, message: "A base path has no control characters" });
    expect(normalizeBasePath("/models/x\u0000")).toMatchObject({ ok: false });
    expect(normalizeBasePath("file://")).toMatchObject({ ok: false });
  });

  it("is what the create form and API parse", () => {
    expect(CreateModelSchema.parse({ name: "m", basePath: "/models//m/" }).basePath).toBe("/models/m");
    const r = CreateModelSchema.safeParse({ name: "m", basePath: "/models/../m" });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toMatchObject([{ path: ["basePath"], message: 'A base path may not contain ".." segments' }]);
  });
});

describe("roots", () => {
  it("tells the local folder of a base path, or none for another file system", () => {
    expect(localPartOf("/models/x")).toBe("/models/x");
    expect(localPartOf("FILE:///models/x")).toBe("/models/x");
    expect(localPartOf("gs://bucket/x")).toBeNull();
    expect(localPartOf("hdfs://nn/x")).toBeNull();
  });

  it.each([
    ["/srv/models", true],
    ["/srv/models/a/b", true],
    ["/data/tfs/x", true],
    ["/srv/models-other/a", false],
    ["/srv", false],
    ["/etc/passwd", false],
    ["srv/models/a", false],
  ])("%j inside /srv/models or /data/tfs/: %s", (p, inside) => {
    expect(isUnderRoots(p, ["/srv/models", "/data/tfs/"])).toBe(inside);
  });

  it("a root of / holds every absolute path", () => {
    expect(isUnderRoots("/anything/at/all", ["/"])).toBe(true);
  });
});
