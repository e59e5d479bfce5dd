import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as configRoute from "@/app/api/config/v1/apps/[app]/route";
import type { Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { issueToken } from "@/server/tokens/issue-token";
import { releasedDocument } from "@/sdk/src/test-documents";
import { checkDeliveries, startSdkFanout, type SdkFanout } from "@/test/support/sdk-fanout";
import { serveRoutes } from "@/test/support/serve-routes";
import { configLongPollRoute } from "@/server/http/fast-routes";
import { startFastRouteServer, type FastRouteServer } from "@/test/support/fast-route-server";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";

/**
 * Many SDK clients in other processes long-poll the real config route of one console: every
 * release reaches each of them once and in order (bench/config-center-fanout.ts measures the
 * same with 10,000 clients, and how long it takes). Twice: the route as Next.js calls it (a
 * Request and a Response, the route holding each long-poll), and as `npm start` serves it (our
 * own server's fast route, which parks long-polls itself: server/http/parked-long-polls.ts).
 */
const CLIENTS = 200;
const KEY = "fan_vec";

let database: Database;
let center: ConfigCenter;
let served: { url: string; close(): Promise<void> };
let ownServer: FastRouteServer;
let fanout: SdkFanout | null = null;

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  center = createBuiltinConfigCenter({ db: database.db });
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = Promise.resolve({ center, location: "builtin" });
  served = await serveRoutes([{ method: "GET", pattern: "/api/config/v1/apps/:app", handler: configRoute.GET }]);
  ownServer = await startFastRouteServer(configLongPollRoute(configRoute.GET), 404);
});

afterAll(async () => {
  await fanout?.close();
  await served?.close();
  await ownServer?.close();
  await center?.close();
  (globalThis as { __scoringConfigCenter?: unknown }).__scoringConfigCenter = undefined;
  await database?.close();
});

describe.each([
  { server: "the route behind a Request/Response adapter", url: () => served.url, app: "fanout-routes" },
  { server: "our own server's fast route", url: () => ownServer.url, app: "fanout-own" },
])("config long-poll fan-out through $server", ({ url, app }) => {
  const publish = (version: string) => center.publish({ app, releaseId: randomUUID(), document: releasedDocument(`lr_${version}`), versions: { [KEY]: version } });

  it(`${CLIENTS} SDK clients in 2 processes get every release once, in order`, { timeout: 180_000 }, async () => {
    const token = (await issueToken(database.db, { actor: SYSTEM, input: { name: `fanout-${randomUUID()}`, scopes: ["config:read"] } })).secret;
    await publish("0");
    await fanout?.close();
    fanout = startSdkFanout({ url: url(), token, app, versionKey: KEY, clients: CLIENTS, processes: 2, slice: 50 });
    await fanout.ready;

    // One at a time: each release goes out once every client has the one before.
    for (const version of ["1", "2", "3"]) {
      await publish(version);
      expect(await fanout.allHold(version, 60_000)).toBe(true);
    }
    // Back to back: a client still re-polling may skip to the latest, never go back or repeat.
    for (const version of ["4", "5", "6"]) await publish(version);
    expect(await fanout.allHold("6", 60_000)).toBe(true);

    const report = await fanout.report();
    expect(report.versions).toHaveLength(CLIENTS);
    const stepByStep = report.versions.map((seen) => seen.slice(0, 3));
    expect(checkDeliveries(stepByStep, ["1", "2", "3"])).toEqual({ lost: 0, duplicates: 0, outOfOrder: 0, unexpected: 0, clientsWrong: 0 });
    const burst = report.versions.map((seen) => seen.slice(3));
    const wrong = burst.filter(
      (seen) => seen.at(-1) !== "6" || seen.some((version, i) => !["4", "5", "6"].includes(version) || (i > 0 && Number(version) <= Number(seen[i - 1]))),
    );
    expect(wrong).toEqual([]);
  });
});
