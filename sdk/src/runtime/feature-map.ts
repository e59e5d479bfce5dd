import { ScoringError } from "./scoring-error";

/** The key of the fg log that lists the features the store did not have. */
export const MISSING_FEATURES_LOG_KEY = "missing_features";

/**
 * What an fg's build() receives (docs/fg.md#the-featuremap, the articles' featureMap): the request's
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

/**
 * THE featureMap builder: the runtime (online scoring, the console's trials), the offline runner
 * and the try box all call it, so an fg sees the same featureMap on every path and only `online`
 * differs.
 *
 * Every feature given gets an entry, in the order given: a value the store did not have
 * (`null`, or `undefined`) is `null`, never left out, because an fg may tell `"cf" in fm` from
 * `fm.cf === null`, and a training file written to the contract has the null. The features that
 * are null are listed in `log.missing_features` (the log an fg starts from is built here too, the
 * same way on both paths). A feature named like a reserved entry would silently replace it.
 */
export function buildFeatureMap(opts: { origin: Record<string, unknown>; online: boolean; features: Record<string, unknown> }): FeatureMap {
  const names = Object.keys(opts.features);
  const clash = names.filter((k) => (RESERVED_FEATURE_NAMES as readonly string[]).includes(k));
  if (clash.length > 0) throw new ScoringError("bad_request", `Feature names ${clash.map((k) => `"${k}"`).join(", ")} are reserved in the featureMap`);
  // A loop, not entries and spreads: a batch builds one per item.
  const fm: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const name of names) {
    const value = opts.features[name];
    if (value === undefined || value === null) missing.push(name);
    fm[name] = value === undefined ? null : value;
  }
  fm.origin = opts.origin;
  fm.online = opts.online;
  fm.log = missing.length > 0 ? { [MISSING_FEATURES_LOG_KEY]: missing } : {};
  return fm as FeatureMap;
}
