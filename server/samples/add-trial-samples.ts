import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { recentTrials, sampleRequests } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { AddTrialSamplesSchema, type AddTrialSamplesInput, type AddTrialSamplesResult } from "@/server/contracts/samples";
import { MAX_SAMPLE_REQUESTS } from "@/server/contracts/verification";
import { conflict, notFound } from "@/server/errors";
import { listSampleRequests } from "./list-sample-requests";
import { assertMayEditSamples, lockAppSamples, originKey } from "./sample-editing";
import { toSampleRequestDto } from "./sample-request-dto";

const NAME_MAX = 100;

/**
 * Turns chosen recent trials of the app into sample requests (source "trial"), named after the
 * trial and its fields. A trial whose request is already a sample is skipped and said so; an
 * unknown trial id is a 404 and a result over MAX_SAMPLE_REQUESTS a 409, adding nothing.
 */
export async function addTrialSamples(db: Db, opts: { actor: Actor; app: string; input: AddTrialSamplesInput }): Promise<AddTrialSamplesResult> {
  assertMayEditSamples(opts.actor);
  const ids = [...new Set(AddTrialSamplesSchema.parse(opts.input).trialIds)];
  return db.transaction(async (tx) => {
    const held = await lockAppSamples(tx, opts.app);
    const trials = await tx.select().from(recentTrials).where(and(eq(recentTrials.app, opts.app), inArray(recentTrials.id, ids.map(Number))));
    const missing = ids.filter((id) => !trials.some((t) => String(t.id) === id));
    if (missing.length) throw notFound(`${opts.app} has no recent trial ${missing.join(", ")} (only the latest are kept); reload the list.`, { trialIds: missing });

    const existing = await listSampleRequests(tx, opts.app);
    const byOrigin = new Map(existing.map((s) => [originKey(s.origin), s.name]));
    const names = new Set(existing.map((s) => s.name));
    const skipped: AddTrialSamplesResult["skipped"] = [];
    const toAdd: { trialId: string; name: string; origin: Record<string, unknown> }[] = [];
    for (const t of [...trials].sort((a, b) => a.id - b.id)) {
      const key = originKey(t.origin);
      const same = byOrigin.get(key);
      if (same !== undefined) {
        skipped.push({ trialId: String(t.id), reason: `The same request is already the sample "${same}".` });
        continue;
      }
      const name = uniqueName(trialName(t.id, t.origin), names);
      names.add(name);
      byOrigin.set(key, name);
      toAdd.push({ trialId: String(t.id), name, origin: t.origin });
    }
    if (held + toAdd.length > MAX_SAMPLE_REQUESTS) {
      throw conflict(`Adding ${toAdd.length} would make ${held + toAdd.length} sample requests; an app holds at most ${MAX_SAMPLE_REQUESTS}. Delete some first or choose fewer.`, {
        limit: MAX_SAMPLE_REQUESTS,
        held,
      });
    }
    const added = [];
    for (const a of toAdd) {
      const [row] = await tx.insert(sampleRequests).values({ app: opts.app, name: a.name, origin: a.origin, source: "trial", createdBy: actorLabel(opts.actor) }).returning();
      const sample = toSampleRequestDto(row!);
      await recordAudit(tx, { actor: opts.actor, app: opts.app, kind: "sample_request", action: "create", target: sample.name, after: { ...sample, trialId: a.trialId } });
      added.push(sample);
    }
    return { added, skipped };
  });
}

/** "Trial 12: uid=7, goods_id=101", cut to fit a name. */
function trialName(id: number, origin: Record<string, unknown>): string {
  const fields = Object.entries(origin)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
  const name = `Trial ${id}: ${fields}`;
  return name.length <= NAME_MAX ? name : `${name.slice(0, NAME_MAX - 1)}…`;
}

function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${name.slice(0, NAME_MAX - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
