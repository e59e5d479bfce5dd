import { z } from "zod";
import { StageSchema } from "./scoring";

/**
 * Client-safe shapes of release verification (docs/verification.md): before a candidate release
 * reaches scoring services, the console proves it can score. A report is computed against
 * recorded inputs and stored with the change request, and later the release.
 */

export const CHECK_STATUSES = ["passed", "warned", "failed"] as const;
export const CheckStatusSchema = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** Which family a check belongs to: references (delivery re-checks these), the tensor contract, the sample scores. */
export const CHECK_KINDS = ["references", "contract", "samples"] as const;
export const CheckKindSchema = z.enum(CHECK_KINDS);

export const VerificationCheckSchema = z.object({
  /** Stable per check and solution, e.g. "references.model_version", so two reports compare. */
  id: z.string(),
  kind: CheckKindSchema,
  /** The solution it concerns; null for app-wide checks (e.g. "the app has sample requests"). */
  solution: z.string().nullable(),
  status: CheckStatusSchema,
  /** What was checked, in words: "favpush_lr 20200116 is AVAILABLE on 1 of 1 instances". */
  title: z.string(),
  /** Why it warned or failed (null when passed). */
  reason: z.string().nullable(),
  /** Where to fix it: a console page. */
  fix: z.object({ label: z.string(), href: z.string() }).nullable(),
});
export type VerificationCheck = z.infer<typeof VerificationCheckSchema>;

export const OutputTensorStatsSchema = z.object({
  name: z.string(),
  /** Values seen over the scored samples. */
  count: z.number(),
  mean: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  /** The same output of live on the same requests (null: live has no release, or did not score them). */
  live: z.object({ count: z.number(), mean: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable() }).nullable(),
  /** candidate mean - live mean (null without live). */
  shift: z.number().nullable(),
});
export type OutputTensorStats = z.infer<typeof OutputTensorStatsSchema>;

export const SampleFailureSchema = z.object({ sample: z.string(), stage: StageSchema, message: z.string() });

export const SolutionSampleStatsSchema = z.object({
  solution: z.string(),
  scored: z.number(),
  failed: z.number(),
  /** Failed samples per pipeline stage. */
  failuresByStage: z.record(z.string(), z.number()),
  /** The first few failures, to say why. */
  firstFailures: z.array(SampleFailureSchema),
  /** Share of scored samples (0..1) where the feature had no value, per feature of the solution. */
  missingFeatures: z.array(z.object({ feature: z.string(), rate: z.number() })),
  outputs: z.array(OutputTensorStatsSchema),
});
export type SolutionSampleStats = z.infer<typeof SolutionSampleStatsSchema>;

/**
 * What a report was computed against. Approval takes a passed report only while these still
 * hold (the candidate's content, its base, the sample set and settings, the fg versions, the
 * model versions' states on the registered instances); otherwise it asks for a re-run.
 */
export const VerificationInputsSchema = z.object({
  contentHash: z.string(),
  baseReleaseId: z.string().nullable(),
  liveReleaseId: z.string().nullable(),
  models: z.array(
    z.object({
      model: z.string(),
      version: z.number().nullable(),
      /** Registered instances and the version's state on each ("AVAILABLE", "LOADING"…; null: unreachable). */
      instances: z.array(z.object({ address: z.string(), state: z.string().nullable() })),
    }),
  ),
  /** "Class@version" of every fg the candidate names, published ones only. */
  fgVersions: z.array(z.string()),
  /** sha256 over the app's sample requests (ids and origins) as they were scored. */
  sampleSetHash: z.string(),
  settingsVersion: z.number(),
});
export type VerificationInputs = z.infer<typeof VerificationInputsSchema>;

export const VERIFICATION_STATES = ["running", "passed", "warned", "failed", "error"] as const;
export const VerificationStateSchema = z.enum(VERIFICATION_STATES);
export type VerificationState = z.infer<typeof VerificationStateSchema>;

export const VerificationOverrideSchema = z.object({ by: z.string(), byId: z.string(), reason: z.string(), at: z.string() });
export type VerificationOverride = z.infer<typeof VerificationOverrideSchema>;

export const VerificationReportSchema = z.object({
  id: z.string(),
  app: z.string(),
  /** What it verifies: a change request (at one revision) or a release made without one. */
  subject: z.object({ kind: z.enum(["change_request", "release"]), id: z.string(), revision: z.number().nullable() }),
  state: VerificationStateSchema,
  progress: z.object({ done: z.number(), total: z.number(), step: z.string() }),
  checks: z.array(VerificationCheckSchema),
  samples: z.array(SolutionSampleStatsSchema),
  sampleCount: z.number(),
  inputs: VerificationInputsSchema.nullable(),
  /** Set when verification itself could not run to the end (state "error"). */
  error: z.string().nullable(),
  requestedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  override: VerificationOverrideSchema.nullable(),
});
export type VerificationReport = z.infer<typeof VerificationReportSchema>;

/**
 * A change request's latest verification, as lists and reads show it: enough to say whether
 * it may be approved (docs/verification.md, Approval); the report itself is
 * GET /api/v1/verification-reports/{id}.
 */
export const ChangeRequestVerificationSchema = z.object({
  reportId: z.string(),
  state: VerificationStateSchema,
  progress: z.object({ done: z.number(), total: z.number(), step: z.string() }),
  /** The request's revision it verified. */
  revision: z.number().nullable(),
  /** It verified the request's current revision. */
  current: z.boolean(),
  /**
   * A passed or warned report whose inputs no longer hold (content, base, samples, settings, fg
   * versions), or null. Model instances' states are probed only on approval.
   */
  staleReason: z.string().nullable(),
  /** Why it failed: the failed checks' titles and reasons, at most three. */
  failedChecks: z.array(z.object({ title: z.string(), reason: z.string().nullable() })),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  override: VerificationOverrideSchema.nullable(),
});
export type ChangeRequestVerification = z.infer<typeof ChangeRequestVerificationSchema>;

/** Per-app thresholds (admins, or through review). Defaults: no failed sample, warn above 5% missing features. */
export const VerificationSettingsSchema = z.object({
  app: z.string(),
  /** Failed samples per solution tolerated before the samples check fails. */
  maxFailedSamples: z.number(),
  /** Missing-feature rate (0..1) above which a feature warns. */
  missingFeatureWarnRate: z.number(),
  /** 0 while the defaults were never changed. */
  version: z.number(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type VerificationSettings = z.infer<typeof VerificationSettingsSchema>;
export const DEFAULT_VERIFICATION_SETTINGS = { maxFailedSamples: 0, missingFeatureWarnRate: 0.05 } as const;

export const UpdateVerificationSettingsSchema = z.object({
  maxFailedSamples: z.number({ error: "Enter a whole number" }).int("Enter a whole number").min(0, "0 or more").max(1000, "At most 1000"),
  missingFeatureWarnRate: z.number({ error: "Enter a share between 0 and 1" }).min(0, "0 or more").max(1, "At most 1 (100%)"),
  version: z.number().int().min(0),
});
export type UpdateVerificationSettingsInput = z.input<typeof UpdateVerificationSettingsSchema>;

/** At most this many sample requests per app, each origin at most this many bytes of JSON. */
export const MAX_SAMPLE_REQUESTS = 100;
export const MAX_SAMPLE_ORIGIN_BYTES = 16 * 1024;
/** How many recent trial requests per app the console keeps for "add recent trials". */
export const RECENT_TRIALS_KEPT = 50;

export const SAMPLE_SOURCES = ["manual", "trial", "demo"] as const;
export const SampleRequestSchema = z.object({
  id: z.string(),
  app: z.string(),
  name: z.string(),
  origin: z.record(z.string(), z.unknown()),
  source: z.enum(SAMPLE_SOURCES),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type SampleRequest = z.infer<typeof SampleRequestSchema>;

export const CreateSampleRequestSchema = z.object({
  name: z.string().trim().min(1, "Name the sample").max(100, "At most 100 characters"),
  origin: z
    .record(z.string(), z.unknown(), { error: "origin must be an object of request fields" })
    .refine((o) => JSON.stringify(o).length <= MAX_SAMPLE_ORIGIN_BYTES, `At most ${MAX_SAMPLE_ORIGIN_BYTES / 1024} KB of JSON`),
});
export type CreateSampleRequestInput = z.input<typeof CreateSampleRequestSchema>;

export const RecentTrialSchema = z.object({ id: z.string(), app: z.string(), origin: z.record(z.string(), z.unknown()), by: z.string(), at: z.string() });
export type RecentTrial = z.infer<typeof RecentTrialSchema>;
