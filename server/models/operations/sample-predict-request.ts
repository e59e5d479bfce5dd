import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { sampleRequests } from "@/db/schema/verification";
import { predictInputOf, tensorIoForOrigin } from "@/server/scoring/tensor-io-for-origin";
import { wireScoringDeps } from "@/server/scoring/wire-scoring-deps";
import type { PredictInput } from "@/server/tfs/grpc-client";

/**
 * A realistic Predict for a model: the oldest sample request of an app whose published
 * solutions use the model, run through the scoring pipeline up to the fg. Null when no app
 * with sample requests serves the model (or its features cannot be read now): the caller
 * falls back to a zero request.
 */
export async function samplePredictRequest(db: Db, model: string): Promise<{ request: PredictInput; app: string } | null> {
  const apps = await db.selectDistinct({ app: sampleRequests.app }).from(sampleRequests).orderBy(asc(sampleRequests.app));
  if (apps.length === 0) return null;
  const deps = wireScoringDeps(db);
  for (const { app } of apps) {
    try {
      const config = await deps.loadConfig(app, "published");
      const solution = config.solutions.find((s) => s.model.name === model);
      if (!solution) continue;
      const [sample] = await db
        .select({ origin: sampleRequests.origin })
        .from(sampleRequests)
        .where(eq(sampleRequests.app, app))
        .orderBy(asc(sampleRequests.createdAt), asc(sampleRequests.id))
        .limit(1);
      if (!sample) continue;
      const io = await tensorIoForOrigin(deps, { origin: sample.origin, solution, versions: config.versions });
      return { request: predictInputOf({ name: model }, io), app };
    } catch {
      // No published config, a store that does not answer: try the next app, then zeros.
    }
  }
  return null;
}
