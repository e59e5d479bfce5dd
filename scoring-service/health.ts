import type { ReleaseSnapshots } from "./release-snapshot";

export interface Health {
  ready: boolean;
  /** Why it is not ready, for whoever reads the 503. */
  reasons: string[];
  revision: number | null;
  releaseId: string | null;
  /** Registered instances per model the release's solutions use. */
  models: Record<string, number>;
}

/**
 * Ready once the service holds a release and every model its solutions use has at least one
 * registered instance (from the same registry lookup Predict uses); not ready while it drains.
 */
export async function checkHealth(deps: { app: string; snapshots: ReleaseSnapshots; instances(model: string): Promise<string[]>; draining(): boolean }): Promise<Health> {
  const reasons: string[] = [];
  if (deps.draining()) reasons.push("shutting down: finishing the requests in flight");
  const release = deps.snapshots.current();
  const health: Health = { ready: false, reasons, revision: release?.revision ?? null, releaseId: release?.releaseId ?? null, models: {} };
  if (!release) {
    reasons.push(`${deps.app} has no release yet`);
    return health;
  }
  let config;
  try {
    config = await deps.snapshots.configOf(release);
  } catch (e) {
    reasons.push((e as Error).message);
    return health;
  }
  const models = [...new Set(config.solutions.map((s) => s.model.name))];
  await Promise.all(
    models.map(async (model) => {
      try {
        const n = (await deps.instances(model)).length;
        health.models[model] = n;
        if (n === 0) reasons.push(`model ${model} has no registered instance`);
      } catch (e) {
        reasons.push(`the instances of model ${model} cannot be listed: ${(e as Error).message}`);
      }
    }),
  );
  health.ready = reasons.length === 0;
  return health;
}
