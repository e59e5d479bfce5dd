import { z } from "zod";
import { AppNameSchema } from "./apps";
import { DagNodeKeySchema, DagNodeKindSchema, DagNodePhaseSchema, DagVersionSchema, OutputHoldSchema } from "./dag";

export const DagNodeParamsSchema = z.object({ app: AppNameSchema, key: DagNodeKeySchema });

/** `PUT .../dag/nodes/{key}/version`: a data platform sets a data node's version. */
export const SetDataVersionSchema = z.object({ version: DagVersionSchema });
export type SetDataVersionInput = z.infer<typeof SetDataVersionSchema>;

/** What a hook's receiver POSTs to the callback URL it was given. */
export const HookCallbackSchema = z.object({
  status: z.enum(["success", "failure"]),
  message: z.string().max(2000).optional(),
});
export type HookCallbackInput = z.infer<typeof HookCallbackSchema>;
export const HookCallbackParamsSchema = z.object({ token: z.string().min(20).max(200) });

export const HookCallbackResultSchema = z.object({
  app: z.string(),
  node: z.string(),
  version: z.string(),
  phase: DagNodePhaseSchema,
  online: z.string().nullable(),
});

export const DagAlertSchema = z.object({
  /** `verification_failed`: an output node's release failed its verification (limitSeconds 0). */
  kind: z.enum(["stale", "expiring", "expired", "verification_failed"]),
  key: z.string(),
  version: z.string(),
  since: z.string(),
  ageSeconds: z.number(),
  limitSeconds: z.number(),
  message: z.string(),
});
export type DagAlert = z.infer<typeof DagAlertSchema>;

const HookCallSummarySchema = z.object({
  version: z.string(),
  attempt: z.number(),
  status: z.enum(["calling", "accepted", "confirmed", "failed", "superseded"]),
  url: z.string(),
  calledAt: z.string(),
  deadlineAt: z.string(),
  retryAt: z.string().nullable(),
  error: z.string().nullable(),
});

const OutputSummarySchema = z.object({
  /** The versions the node last delivered to the config center, and through which release. */
  delivered: z.object({ versions: z.record(z.string(), z.string()), at: z.string(), releaseId: z.string().nullable() }).nullable(),
  /** Versions written but not yet delivered (the release flow refused or was unreachable). */
  pending: z.object({ versions: z.record(z.string(), z.string()), attempts: z.number(), error: z.string().nullable() }).nullable(),
});

/** One node as the canvas shows it. For output nodes, online/ready are the delivered/pending version. */
export const DagNodeStatusSchema = z.object({
  key: z.string(),
  kind: DagNodeKindSchema,
  online: z.string().nullable(),
  ready: z.string().nullable(),
  onlineSince: z.string().nullable(),
  phase: DagNodePhaseSchema,
  waitingFor: z.array(z.string()),
  attempts: z.number(),
  lastError: z
    .object({
      kind: z.string(),
      message: z.string(),
      releaseId: z.string().optional(),
      reportId: z.string().nullable().optional(),
      failures: z.array(z.object({ title: z.string(), reason: z.string().nullable() })).optional(),
    })
    .nullable(),
  changedAt: z.string().nullable(),
  setBy: z.string().nullable(),
  approvalRequestId: z.string().nullable(),
  hook: HookCallSummarySchema.nullable(),
  output: OutputSummarySchema.nullable(),
  /** An output node a rollback holds at the rolled-back versions until someone resumes it. */
  hold: OutputHoldSchema.nullable(),
  alerts: z.array(z.enum(["stale", "expiring", "expired", "verification_failed"])),
});
export type DagNodeStatus = z.infer<typeof DagNodeStatusSchema>;

export const DagStatusSchema = z.object({
  app: z.string(),
  documentVersion: z.number(),
  nodes: z.array(DagNodeStatusSchema),
  alerts: z.array(DagAlertSchema),
  at: z.string(),
});
export type DagStatus = z.infer<typeof DagStatusSchema>;

export const DagNodeEventSchema = z.object({
  id: z.number(),
  type: z.string(),
  version: z.string().nullable(),
  message: z.string(),
  actor: z.string(),
  at: z.string(),
});
export type DagNodeEvent = z.infer<typeof DagNodeEventSchema>;

export const DagAlertsSchema = z.object({
  alerts: z.array(
    DagAlertSchema.extend({
      /** Webhook delivery of this alert: null when the DAG has no alert webhook. */
      webhook: z.object({ deliveredAt: z.string().nullable(), attempts: z.number(), error: z.string().nullable() }).nullable(),
    }),
  ),
});
