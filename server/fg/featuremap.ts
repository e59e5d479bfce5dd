import { badRequest } from "@/server/errors";

/**
 * What an fg's build() receives (DESIGN.md section 4, the articles' featureMap): the request's
 * `origin`, whether this is online scoring, a writable `log` passed through to the scoring
 * response, and one entry per feature name of the solution (null when the store had nothing).
 */
export interface FeatureMap {
  origin: Record<string, unknown>;
  online: boolean;
  log: Record<string, unknown>;
  [feature: string]: unknown;
}

export const RESERVED_FEATURE_NAMES = ["origin", "online", "log"] as const;

/** Assembles a featureMap; a feature named like a reserved entry would silently replace it. */
export function buildFeatureMap(opts: { origin: Record<string, unknown>; online: boolean; features: Record<string, unknown> }): FeatureMap {
  const clash = Object.keys(opts.features).filter((k) => (RESERVED_FEATURE_NAMES as readonly string[]).includes(k));
  if (clash.length > 0) throw badRequest(`Feature names ${clash.map((k) => `"${k}"`).join(", ")} are reserved in the featureMap`);
  return { ...opts.features, origin: opts.origin, online: opts.online, log: {} };
}
