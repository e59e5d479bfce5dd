import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as rejectRoute from "@/app/api/v1/change-requests/[id]/reject/route";
import * as summaryRoute from "@/app/api/v1/change-requests/[id]/summary/route";
import * as scoreRoute from "@/app/api/v1/score/route";
import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { favpushArticleDocument, favpushCfGoods, favpushVersions } from "@/db/seed/favpush";
import { bucketOf } from "@/sdk/src/core/bucketing";
import type { ChangeSummaryResponse } from "@/server/contracts/change-summary";
import type { ScoreResponse } from "@/server/contracts/scoring";
import { requestRelease } from "@/server/releases/request-release";
import { latestReport } from "@/server/verification/get-report";
import { waitForVerification } from "@/server/verification/run-verification";
import type { CallOptions, RouteHandler } from "@/test/support/call-route";
import { startFavpushStack, type FavpushStack } from "@/test/support/favpush-stack";
import { scoreTrial } from "./score-trial";
import { ScoreRequestSchema } from "@/server/contracts/scoring";

/**
 * Trial scoring under a pending change request's candidate (`options.source`), over the real
 * stack: the favpush world's tables, rows, fg packages and models on the dev model server, the
 * real route handlers. Who may see the request may try it; an unknown, decided or foreign one is refused.
 */
let stack: FavpushStack<"editor" | "reviewer" | "viewer">;
let database: Database;
let people: typeof stack.people;
const UIDS = { from: 200, to: 239 };

beforeAll(async () => {
  stack = await startFavpushStack(["editor", "reviewer", "viewer"], { uids: UIDS });
  ({ database, people } = stack);
}, 120_000);

afterAll(() => stack?.close());

type Who = keyof typeof people;
const call = (handler: RouteHandler, who: Who, pathname: string, opts: Omit<CallOptions, "cookie"> = {}) => stack.call(handler, who, pathname, opts);

/** A uid of the seeded rows whose favpush bucket is in `buckets`, with a goods id that has a cf row. */
function originIn(buckets: number[]) {
  for (let uid = UIDS.from; uid <= UIDS.to; uid++) {
    if (buckets.includes(bucketOf({ salt: "favpush", keyValue: uid, bucketCount: 10 }))) return { uid, goods_id: favpushCfGoods(uid)[0]! };
  }
  throw new Error(`no seeded uid in buckets ${buckets.join(", ")}`);
}

/**
 * The editor asks to publish favpush with v1 on buckets 0..v1Last (v2 takes the rest): each test
 * its own split, so no request is another's duplicate. Resolves once the request's first
 * verification has finished, so nothing runs on after the test.
 */
async function requestCutV1(v1Last: number): Promise<string> {
  const document = favpushArticleDocument();
  const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  document.solutions[0].v1.buckets = all.filter((b) => b <= v1Last);
  document.solutions[1].buckets = all.filter((b) => b > v1Last);
  const { changeRequest } = await requestRelease(database.db, { actor: people.editor.actor, app: "favpush", comment: `v1 on buckets 0-${v1Last}`, change: { document, versions: favpushVersions() } });
  const id = changeRequest!.id;
  const started = await latestReport(database.db, { kind: "change_request", id });
  if (started) await waitForVerification(started.id);
  return id;
}

const trial = (who: Who, body: unknown) => call(scoreRoute.POST, who, "/api/v1/score", { method: "POST", body });
const sourceOf = (id: string) => ({ kind: "change-request", id });

describe("trial scoring under a pending change request", () => {
  it("scores under the request's candidate for anyone who may see the request, and its summary says what it does", async () => {
    const id = await requestCutV1(0);
    const origin = originIn([1, 2]);

    // Nothing is published yet: the published config cannot score, the candidate can, and buckets 1-2 are v2's there.
    const published = await trial("viewer", { app_name: "favpush", origin });
    expect(published.status).toBe(422);
    for (const who of ["viewer", "reviewer", "editor"] as const) {
      const res = await trial(who, { app_name: "favpush", origin, options: { source: sourceOf(id), trace: true } });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const result = res.json as unknown as ScoreResponse;
      expect(result.solution).toBe("v2");
      expect(result.model.name).toBe("favpush_dnn");
      expect(result.trace?.[0]).toMatchObject({ stage: "config", ok: true, input: { source: "change-request" } });
    }

    const summary = await call(summaryRoute.GET, "viewer", `/api/v1/change-requests/${id}/summary`, { params: { id } });
    expect(summary.status).toBe(200);
    const body = summary.json as unknown as ChangeSummaryResponse;
    expect(body.summary).toMatchObject({ live: null, traffic: [{ solution: "v1", before: null, after: 0.1 }, { solution: "v2", before: null, after: 0.9 }] });
  });

  it("answers 404 for a request that does not exist, 403 for a caller who may not see requests, 400 for another app's request", async () => {
    const origin = originIn([0]);
    const missing = randomUUID();
    const unknown = await trial("reviewer", { app_name: "favpush", origin, options: { source: sourceOf(missing) } });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { code: "not_found" } });

    const id = await requestCutV1(1);
    const request = ScoreRequestSchema.parse({ app_name: "favpush", origin, options: { source: sourceOf(id) } });
    const token = { type: "token" as const, id: randomUUID(), name: "scoring-service", scopes: ["config:read" as const] };
    await expect(scoreTrial(database.db, { actor: token, request })).rejects.toMatchObject({ code: "forbidden" });

    await seedFavpushWorld(database.db, { parts: ["app"], app: { name: "other_app", salt: "favpush" } });
    const foreign = await trial("reviewer", { app_name: "other_app", origin, options: { source: sourceOf(id) } });
    expect(foreign.status).toBe(400);
    expect(foreign.json).toMatchObject({ error: { code: "bad_request", details: { app: "favpush" } } });

    const malformed = await trial("reviewer", { app_name: "favpush", origin, options: { source: { kind: "change-request", id: "42" } } });
    expect(malformed.status).toBe(400);
  });

  it("refuses a decided request with 409 (its release, if any, is the one to try), and its summary says why there is none", async () => {
    const id = await requestCutV1(3);
    const rejected = await call(rejectRoute.POST, "reviewer", `/api/v1/change-requests/${id}/reject`, { method: "POST", params: { id }, body: { comment: "not now" } });
    expect(rejected.status).toBe(200);
    const res = await trial("reviewer", { app_name: "favpush", origin: originIn([0]), options: { source: sourceOf(id) } });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ error: { code: "conflict", details: { id, state: "rejected" } } });

    const summary = await call(summaryRoute.GET, "reviewer", `/api/v1/change-requests/${id}/summary`, { params: { id } });
    expect(summary.status).toBe(200);
    expect(summary.json).toMatchObject({ summary: null, reason: expect.stringMatching(/rejected/) });
  });
});
