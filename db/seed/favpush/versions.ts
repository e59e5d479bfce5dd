/**
 * The versions under which the favpush tables hold rows, per version key of the favpush
 * templates, oldest first. The LAST one is online (what the first release and the DAG publish);
 * rows exist for the older one too, so rolling a version back still finds data.
 */
export const FAVPUSH_FEATURE_VERSIONS = {
  favpush_vec_v2: ["20200115", "20200116"],
  favpush_cf_v5: ["4", "5"],
} as const;

/** The version of each demo model that is loaded (model-server/demo-models/<model>/20200116). */
export const FAVPUSH_MODEL_VERSION = 20200116;

/** favpush_lr's next version: on disk beside the loaded one, not loaded (to load, hot-fix, label). */
export const FAVPUSH_LR_NEXT_VERSION = 20200117;

export type FavpushVersionKey = keyof typeof FAVPUSH_FEATURE_VERSIONS | "favpush_lr_v1" | "favpush_dnn_v1";

/**
 * The version map of favpush's first release: every `{version:KEY}` of the two solutions at its
 * online feature version, and the model version keys at the version the demo models hold.
 * A fresh object on every call, so a caller may change it.
 */
export function favpushVersions(): Record<FavpushVersionKey, string> {
  return {
    favpush_vec_v2: FAVPUSH_FEATURE_VERSIONS.favpush_vec_v2[1],
    favpush_cf_v5: FAVPUSH_FEATURE_VERSIONS.favpush_cf_v5[1],
    favpush_lr_v1: String(FAVPUSH_MODEL_VERSION),
    favpush_dnn_v1: String(FAVPUSH_MODEL_VERSION),
  };
}
