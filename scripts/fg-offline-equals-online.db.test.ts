import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fgList from "@/app/api/v1/fg/route";
import * as fgVersion from "@/app/api/v1/fg/classes/[fgClass]/versions/[version]/route";
import * as fgTry from "@/app/api/v1/fg/classes/[fgClass]/versions/[version]/try/route";
import type { Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { DEMO_DNN_CODE_PACKAGE, DEMO_FG_PACKAGES } from "@/server/fg/demo";
import { publishFgVersion } from "@/server/fg-packages/publish-fg-version";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute, type RouteHandler } from "@/test/support/call-route";
import { createPerson } from "@/test/support/people";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { consoleFgResolver, main } from "./fg-offline";

/**
 * Offline = online, end to end: `npm run fg -- --app favpush --fg LRFg@v2 ...` resolves the
 * PUBLISHED package through the console's API (here its route handlers, called as Next.js
 * would) and must write, byte for byte, the canonical TensorIO the console computes online
 * (the try endpoint runs the same runFg scoring runs) for every featureMap.
 */
let database: Database;
let dir: string;
let token: string;
let viewerCookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  for (const { class: className, version, pkg } of DEMO_FG_PACKAGES) {
    await publishFgVersion(database.db, { actor: SYSTEM, input: { className, version, package: pkg } });
  }
  await publishFgVersion(database.db, { actor: SYSTEM, input: { className: "com.xxx.ranking.fg.DNNFg", version: "v3", package: DEMO_DNN_CODE_PACKAGE } });
  token = (await issueToken(database.db, { actor: SYSTEM, input: { name: "training-job", scopes: ["config:read"] } })).secret;
  viewerCookie = (await createPerson(database.db, "viewer")).cookie;
  dir = await mkdtemp(path.join(tmpdir(), "fg-offline-online-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await database?.close();
});

/** The console as the CLI sees it over HTTP: GET routes, authenticated by the bearer token. */
const consoleFetch = async (url: string, init?: { headers?: Record<string, string> }) => {
  const u = new URL(url);
  const m = /^\/api\/v1\/fg\/classes\/([^/]+)\/versions\/([^/]+)$/.exec(u.pathname);
  const auth = init?.headers?.authorization?.replace(/^Bearer /, "");
  const res =
    u.pathname === "/api/v1/fg"
      ? await callRoute(fgList.GET as RouteHandler, u.pathname, { token: auth })
      : m
        ? await callRoute(fgVersion.GET as RouteHandler, u.pathname, { token: auth, params: { fgClass: decodeURIComponent(m[1]!), version: decodeURIComponent(m[2]!) } })
        : { status: 404, json: null };
  return { status: res.status, ok: res.status < 300, json: async () => res.json };
};

const vec = (seed: number) => Array.from({ length: 8 }, (_, i) => Math.round(Math.sin(seed * 13 + i) * 1e5) / 1e5);
const featureMaps = Array.from({ length: 20 }, (_, i) => ({
  origin: { uid: 200 + i, goods_id: 100 + 3 * i },
  user_vec: vec(i),
  goods_vec: vec(i + 50),
  cf: i % 4 === 0 ? null : { score: i * 0.37, co_clicks: i },
}));

describe("npm run fg: offline = online", () => {
  it.each([
    ["LRFg@v2", "com.xxx.ranking.fg.LRFg", "v2"],
    ["DNNFg@v2", "com.xxx.ranking.fg.DNNFg", "v2"],
    ["DNNFg@v3", "com.xxx.ranking.fg.DNNFg", "v3"],
  ])("--app favpush --fg %s writes the exact bytes the console computes online", async (ref, className, version) => {
    const input = path.join(dir, `${ref}.in.jsonl`);
    const output = path.join(dir, `${ref}.out.jsonl`);
    await writeFile(input, featureMaps.map((m) => JSON.stringify(m)).join("\n") + "\n");
    const logged: string[] = [];
    const resolveFg = consoleFgResolver({ baseUrl: "http://console.test", token, fetch: consoleFetch });
    const code = await main(["--app", "favpush", "--fg", ref, "--input", input, "--output", output], { resolveFg, log: (l) => logged.push(l) });
    expect(logged.join("\n")).toContain(`${featureMaps.length} of ${featureMaps.length} featureMap(s) written`);
    expect(code).toBe(0);

    const online: string[] = [];
    for (const fm of featureMaps) {
      const res = await callRoute(fgTry.POST as RouteHandler, `/api/v1/fg/classes/${className}/versions/${version}/try`, {
        method: "POST",
        cookie: viewerCookie,
        origin: "http://console.test",
        params: { fgClass: className, version },
        body: { featureMap: fm },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      online.push(res.json.canonical as string);
    }
    expect(await readFile(output, "utf8")).toBe(online.join("\n") + "\n");
  });

  it("refuses clearly without a token, for an unknown class, and for an unpublished version", async () => {
    const run = async (ref: string, withToken: boolean) => {
      const logged: string[] = [];
      const resolveFg = consoleFgResolver({ baseUrl: "http://console.test", ...(withToken ? { token } : {}), fetch: consoleFetch });
      const code = await main(["--fg", ref, "--input", path.join(dir, "none"), "--output", path.join(dir, "none.out")], { resolveFg, log: (l) => logged.push(l) });
      return { code, log: logged.join("\n") };
    };
    expect(await run("LRFg@v2", false)).toEqual({ code: 2, log: expect.stringMatching(/SCORING_TOKEN/) });
    expect(await run("NoSuchFg@v1", true)).toEqual({ code: 2, log: expect.stringMatching(/No fg class named NoSuchFg/) });
    expect(await run("LRFg@v9", true)).toEqual({ code: 2, log: expect.stringMatching(/No fg package LRFg@v9 is published/) });
  });
});
