import type { FgPackage } from "@/server/contracts/fg";
import type { Solution } from "@/server/contracts/solutions";
import type { FeatureStore } from "@/server/feature-tables/stores/feature-store";
import type { TensorIO } from "@/server/fg/tensor-io";

export const STAGES = ["config", "bucket", "solution", "features", "featureMap", "fg", "predict"] as const;
export type Stage = (typeof STAGES)[number];

export interface TraceStep {
  stage: Stage;
  ok: boolean;
  ms: number;
  input?: unknown;
  output?: unknown;
  error?: { code: string; message: string };
}

/** What scoring needs to know of an app: the published (or draft) configuration. */
export interface ScoringConfig {
  app: { name: string; bucketCount: number; hashKey: string; salt: string };
  solutions: Solution[];
  /** Version key -> version, as the config center holds them. */
  versions: Record<string, string>;
  source: "published" | "draft";
  revision: number | null;
}

/**
 * Everything outside the pipeline, injected so the one pipeline serves the console's trial
 * scoring, its tests and its benchmark alike. Production wiring: wire-scoring-deps.ts.
 */
export interface ScoringDeps {
  loadConfig(app: string, source: "published" | "draft"): Promise<ScoringConfig>;
  openStore(table: string): Promise<FeatureStore>;
  resolveFg(className: string, version: string): Promise<FgPackage | null>;
  /** Registered instances of a model, from the registry only. */
  instances(model: string): Promise<string[]>;
}

export interface ScoreRequest {
  app_name: string;
  origin: Record<string, unknown>;
  options?: { bucket?: number; solution?: string; config?: "published" | "draft"; trace?: boolean };
}

export interface FeatureQuery {
  feature: string;
  template: string;
  operator?: string;
  table?: string;
  key?: string;
  value?: unknown;
  missing?: boolean;
  ms?: number;
  error?: string;
}

export interface ScoreResult {
  app: string;
  bucket: number;
  solution: string;
  model: { name: string; version: number; instance: string };
  outputs: Record<string, { dtype: string; shape: number[]; values: unknown[] }>;
  log: Record<string, unknown>;
  trace?: TraceStep[];
  details?: { queries: FeatureQuery[]; featureMap: Record<string, unknown>; tensorIO: TensorIO; predictRequest: unknown; predictResponse: unknown };
}
