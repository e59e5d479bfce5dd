import { z } from "zod";

export const AuditQuerySchema = z.object({
  actor: z.string().trim().optional(),
  app: z.string().trim().optional(),
  kind: z.string().trim().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorType: z.enum(["user", "token", "system"]),
  actorName: z.string(),
  app: z.string().nullable(),
  kind: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema), nextBefore: z.number().nullable() });
