import { z } from "zod";
import { AppNameSchema } from "./apps";

/** Client-safe shapes of the config center's HTTP API (sdk/README.md) and its admin view. */

export const PublishedConfigSchema = z.object({
  app: z.string(),
  revision: z.number(),
  releaseId: z.string(),
  document: z.unknown(),
  versions: z.record(z.string(), z.string()),
});
export type PublishedConfig = z.infer<typeof PublishedConfigSchema>;

const WaitSchema = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s)?$/, "A duration such as 30s or 500ms")
  .transform((text) => {
    const value = Number.parseFloat(text);
    return text.endsWith("ms") ? value : value * 1000;
  })
  .refine((ms) => ms <= 120_000, "At most 120s");

export const ConfigQuerySchema = z.object({
  /** Answer only with a release newer than this revision (else hold until `wait`, then 304). */
  revision: z.coerce.number().int().min(0).optional(),
  /** How long to hold the request when nothing is newer; absent: answer at once. */
  wait: WaitSchema.optional(),
});

export const ConfigParamsSchema = z.object({ app: AppNameSchema });

export const ConfigCenterStatusSchema = z.object({
  kind: z.enum(["builtin", "etcd"]),
  /** Where it is: "this console" or the etcd endpoints and prefix. */
  location: z.string(),
  health: z.object({ ok: z.boolean(), detail: z.string() }),
  outbox: z.object({
    /** Not delivered yet (including those waiting for a retry). */
    pending: z.number(),
    /** Failed and blocking their app. */
    failed: z.number(),
    oldestPendingAt: z.string().nullable(),
    lastError: z.string().nullable(),
  }),
  dispatcher: z.object({ running: z.boolean() }),
  blocked: z.array(z.object({ app: z.string(), releaseId: z.string(), seq: z.number(), reason: z.string().nullable() })),
});
export type ConfigCenterStatus = z.infer<typeof ConfigCenterStatusSchema>;

export const OutboxActionSchema = z.object({ action: z.enum(["retry", "skip"]) });
