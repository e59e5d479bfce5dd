import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { sampleRequests } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { CreateSampleRequestSchema, MAX_SAMPLE_REQUESTS, type CreateSampleRequestInput, type SampleRequest } from "@/server/contracts/verification";
import { conflict, unprocessable } from "@/server/errors";
import { listSampleRequests } from "./list-sample-requests";
import { assertMayEditSamples, lockAppSamples, originKey } from "./sample-editing";
import { toSampleRequestDto } from "./sample-request-dto";

/**
 * Adds a sample request typed by a person (source "manual"; the demo seed passes "demo").
 * Refused: by non-admins (403), an empty origin (422), a name the app already uses or an app
 * holding MAX_SAMPLE_REQUESTS already (409). Audited.
 */
export async function createSampleRequest(
  db: Db,
  opts: { actor: Actor; app: string; input: CreateSampleRequestInput; source?: "manual" | "demo" },
): Promise<SampleRequest> {
  assertMayEditSamples(opts.actor);
  const input = CreateSampleRequestSchema.parse(opts.input);
  if (Object.keys(input.origin).length === 0) throw unprocessable('The origin is empty: give the request fields the app is scored with, e.g. {"uid": 7}.', { field: "origin" });
  return db.transaction(async (tx) => {
    const held = await lockAppSamples(tx, opts.app);
    if (held >= MAX_SAMPLE_REQUESTS) {
      throw conflict(`${opts.app} already holds ${held} sample requests, the most an app may hold (${MAX_SAMPLE_REQUESTS}); delete one first.`, { field: "form", limit: MAX_SAMPLE_REQUESTS });
    }
    const [sameName] = await tx.select({ id: sampleRequests.id }).from(sampleRequests).where(and(eq(sampleRequests.app, opts.app), eq(sampleRequests.name, input.name)));
    if (sameName) throw conflict(`${opts.app} already has a sample request named "${input.name}"; choose another name.`, { field: "name", id: sameName.id });
    const key = originKey(input.origin);
    const same = (await listSampleRequests(tx, opts.app)).find((s) => originKey(s.origin) === key);
    if (same) throw conflict(`This request is already the sample "${same.name}".`, { field: "origin", id: same.id });
    const [row] = await tx
      .insert(sampleRequests)
      .values({ app: opts.app, name: input.name, origin: input.origin, source: opts.source ?? "manual", createdBy: actorLabel(opts.actor) })
      .returning();
    const created = toSampleRequestDto(row!);
    await recordAudit(tx, { actor: opts.actor, app: opts.app, kind: "sample_request", action: "create", target: created.name, after: created });
    return created;
  });
}
