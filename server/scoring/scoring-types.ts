import type { FgPackage } from "@/server/contracts/fg";
import type { ConfigSourceName, ScoreRequestInput, ScoreResponse } from "@/server/contracts/scoring";
import type { Solution } from "@/server/contracts/solutions";
import type { FeatureStore } from "@/server/feature-tables/stores/feature-store";

/** What scoring needs to know of an app: the published (or draft) configuration. */
export interface ScoringConfig {
  app: { name: string; bucketCount: number; hashKey: string; salt: string };
  solutions: Solution[];
  /** Version key -> version, as the config center holds them. */
  versions: Record<string, string>;
  source: ConfigSourceName;
  revision: number | null;
}

/**
 * Everything outside the pipeline, injected so the one pipeline serves the console's trial
 * scoring, its tests and its benchmark alike. Production wiring: wire-scoring-deps.ts.
 */
export interface ScoringDeps {
  /** "change-request": only deps wired for one request's candidate answer it (score-trial.ts). */
  loadConfig(app: string, source: ConfigSourceName): Promise<ScoringConfig>;
  openStore(table: string): Promise<FeatureStore>;
  resolveFg(className: string, version: string): Promise<FgPackage | null>;
  /** Registered instances of a model, from the registry only. */
  instances(model: string): Promise<string[]>;
  /** Whose trial it is (fg-owner.ts): a code fg takes that person's share of the sandbox pool. */
  fgOwner?: string;
}

/** A trial request as callers write it (defaults not yet filled in): the contract's input type. */
export type ScoreRequest = ScoreRequestInput;
export type ScoreResult = ScoreResponse;

export { STAGES, type FeatureQuery, type Stage, type TraceStep } from "@/server/contracts/scoring";
