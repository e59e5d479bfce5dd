import type { Solution } from "../core/solutions/solution-types";
import type { FeatureMap } from "./feature-map";
import type { ItemResult, ScoringConfig, TensorIO, TraceStep } from "./types";

/**
 * What a request got to, filled in by the pipeline as it goes (only when the runtime has a
 * telemetry or feature-log hook to tell): a failed request still says its config, bucket and
 * solution when it got that far, and the trace's timings.
 */
export interface Observed {
  steps?: TraceStep[];
  config?: ScoringConfig;
  bucket?: number;
  solution?: Solution;
  single?: { featureMap: FeatureMap; tensorIO: TensorIO; outputs: Record<string, { values: unknown[] }> };
  batch?: { featureMaps: (FeatureMap | null)[]; tensorIOs: (TensorIO | null)[]; results: ItemResult[] };
}
