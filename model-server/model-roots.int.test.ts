import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseModelServerFlags } from "./parse-flags";
import { serverPerTest } from "./server-per-test";
import { modelConfig, publishHalfPlusTwo, startQuietServer, tempDir } from "./test-support";

describe("dev model server: --model_roots", () => {
  const servers = serverPerTest();

  it("refuses a config whose local base path lies outside its roots (.., elsewhere, a symbolic link out), changing nothing", async () => {
    const root = tempDir("roots-in");
    const elsewhere = tempDir("roots-out");
    const inside = modelConfig("inside", path.join(root, "inside"));
    publishHalfPlusTwo(inside.basePath);
    publishHalfPlusTwo(path.join(elsewhere, "outside"));
    fs.symlinkSync(path.join(elsewhere, "outside"), path.join(root, "link"));

    const { client } = await servers.start({ models: [inside], modelRoots: [root] });
    expect((await client.getModelStatus({ name: "inside" }))[0]?.state).toBe("AVAILABLE");

    for (const basePath of [path.join(elsewhere, "outside"), `${root}/../${path.basename(elsewhere)}/outside`, path.join(root, "link")]) {
      const refused = client.handleReloadConfigRequest([inside, modelConfig("outside", basePath)]);
      await expect(refused, basePath).rejects.toMatchObject({
        status: 400,
        message: `Expected model outside to have a base path under --model_roots=${root}; got base_path()=${basePath}`,
        details: { grpcStatus: "INVALID_ARGUMENT" },
      });
      await expect(client.getModelStatus({ name: "outside" })).rejects.toMatchObject({ status: 404 });
      expect((await client.getModelStatus({ name: "inside" }))[0]?.state).toBe("AVAILABLE");
    }

    // A folder inside the roots that does not exist yet is fine (its versions appear later).
    await client.handleReloadConfigRequest([inside, modelConfig("later", path.join(root, "not-yet"))]);
  });

  it("will not start on a config outside its roots, and serves anything without roots", async () => {
    const root = tempDir("roots-start");
    const elsewhere = tempDir("roots-start-out");
    const outside = modelConfig("outside", path.join(elsewhere, "outside"));
    publishHalfPlusTwo(outside.basePath);
    await expect(startQuietServer({ models: [outside], modelRoots: [root] })).rejects.toThrow(/--model_roots/);
    const { client } = await servers.start({ models: [outside] });
    expect((await client.getModelStatus({ name: "outside" }))[0]?.state).toBe("AVAILABLE");
  });

  it("reads --model_roots as comma-separated absolute folders", () => {
    expect(parseModelServerFlags(["--model_roots=/models, /srv/tfs"]).modelRoots).toEqual(["/models", "/srv/tfs"]);
    expect(parseModelServerFlags([]).modelRoots).toEqual([]);
    expect(() => parseModelServerFlags(["--model_roots=models"])).toThrow(/--model_roots: expected absolute folders/);
    expect(() => parseModelServerFlags(["--model_roots=/models/../etc"])).toThrow(/--model_roots/);
  });
});
