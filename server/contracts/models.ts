import { z } from "zod";
import { normalizeBasePath } from "./model-base-path";

export const ModelNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, "Letters, digits, _ . and -; up to 128 characters");

/** host:port on which an instance's gRPC API listens. */
export const InstanceAddressSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, "host:port");

export const RegisterInstanceSchema = z.object({
  model: ModelNameSchema,
  address: InstanceAddressSchema,
  restAddress: InstanceAddressSchema.optional(),
  ttlSeconds: z.number().int().min(2).max(3600).default(15),
});
export type RegisterInstanceInput = z.input<typeof RegisterInstanceSchema>;

export const DeregisterInstanceSchema = z.object({ model: ModelNameSchema, address: InstanceAddressSchema });

export const InstanceSchema = z.object({
  model: z.string(),
  address: z.string(),
  restAddress: z.string().nullable(),
  registeredBy: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
});
export type Instance = z.infer<typeof InstanceSchema>;

export const VersionNumberSchema = z.number({ error: "A version is a whole number, e.g. 20200116" }).int().positive().max(Number.MAX_SAFE_INTEGER);

export const VersionPolicySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("specific"), versions: z.array(VersionNumberSchema).max(100) }),
  z.object({ kind: z.literal("latest"), numVersions: z.number().int().min(1).max(100) }),
  z.object({ kind: z.literal("all") }),
]);
export type VersionPolicy = z.infer<typeof VersionPolicySchema>;

export const LabelNameSchema = z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "A label starts with a letter: stable, canary…");

/** A base path, normalised; `..` segments are refused (model-base-path.ts). Roots are checked by the server. */
function BasePathSchema() {
  return z.string().transform((raw, ctx) => {
    const r = normalizeBasePath(raw);
    if (r.ok) return r.path;
    ctx.addIssue({ code: "custom", message: r.message });
    return z.NEVER;
  });
}

export const CreateModelSchema = z.object({
  name: ModelNameSchema,
  description: z.string().trim().max(500).default(""),
  basePath: BasePathSchema(),
  policy: VersionPolicySchema.default({ kind: "specific", versions: [] }),
});
export type CreateModelInput = z.input<typeof CreateModelSchema>;

export const ModelSchema = z.object({
  name: z.string(),
  description: z.string(),
  basePath: z.string(),
  platform: z.string(),
  policy: VersionPolicySchema,
  labels: z.record(z.string(), z.number()),
  version: z.number(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type Model = z.infer<typeof ModelSchema>;

export const VersionStateSchema = z.object({
  version: z.number(),
  state: z.string(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const InstanceStatusSchema = z.object({
  address: z.string(),
  healthy: z.boolean(),
  /** An unhealthy instance: "the instance did not answer", whoever asks (issue 16: no port scanner). */
  error: z.string().nullable(),
  /** The raw transport or server error behind `error`: admins only, null for everyone else. */
  detail: z.string().nullable(),
  versions: z.array(VersionStateSchema),
});
export type InstanceStatus = z.infer<typeof InstanceStatusSchema>;

export const ModelOverviewSchema = z.object({
  name: z.string(),
  managed: z.boolean(),
  model: ModelSchema.nullable(),
  instances: z.array(InstanceStatusSchema),
});
export type ModelOverview = z.infer<typeof ModelOverviewSchema>;

export const ModelDetailSchema = ModelOverviewSchema.extend({ modelConf: z.string().nullable() });
export type ModelDetail = z.infer<typeof ModelDetailSchema>;

/** One operation on a model, with progress. `version` of the model record guards against racing edits. */
export const ModelOperationRequestSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("load"), version: VersionNumberSchema }),
  // `confirm`: the caller has seen what the version is used by (live solutions, labels); without it
  // such a version is refused with 409 confirmation_required naming them.
  z.object({ kind: z.literal("unload"), version: VersionNumberSchema, confirm: z.boolean().optional() }),
  z.object({ kind: z.literal("hotfix"), version: VersionNumberSchema, confirm: z.boolean().optional() }),
  z.object({ kind: z.literal("label"), label: LabelNameSchema, version: VersionNumberSchema.nullable() }),
  z.object({ kind: z.literal("apply"), policy: VersionPolicySchema }),
]);
export type ModelOperationRequest = z.infer<typeof ModelOperationRequestSchema>;

export const OperationStepSchema = z.object({
  at: z.string(),
  message: z.string(),
  instance: z.string().optional(),
  state: z.enum(["ok", "failed", "info"]).optional(),
});

export const ModelOperationSchema = z.object({
  id: z.string(),
  model: z.string(),
  kind: z.string(),
  params: z.record(z.string(), z.unknown()),
  state: z.enum(["running", "succeeded", "failed"]),
  steps: z.array(OperationStepSchema),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ModelOperation = z.infer<typeof ModelOperationSchema>;

export const ImportModelConfSchema = z.object({
  text: z.string().min(1, "Paste or upload a model.conf").max(200_000),
  description: z.string().max(500).optional(),
});

export const SignaturesSchema = z.object({
  version: z.number().nullable(),
  instance: z.string(),
  text: z.string(),
  signatureDefs: z.record(z.string(), z.unknown()),
});

export const ModelParamsSchema = z.object({ model: ModelNameSchema });
export const OperationParamsSchema = z.object({ model: ModelNameSchema, id: z.string().uuid("must be an id") });
export const SignatureQuerySchema = z.object({ version: z.coerce.number().int().positive().optional() });
