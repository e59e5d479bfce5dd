import { z } from "zod";
import type { Db, Tx } from "@/db";
import { changeRequests } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { getApp } from "@/server/apps/get-app";
import { badRequest } from "@/server/errors";
import { getReleaseSettings } from "@/server/releases/get-release-settings";
import { actorId, actorLabel } from "./actor-id";
import { auditSummary, toChangeRequestDto, type ChangeRequestDto } from "./change-request-dto";

export type { ChangeRequestDto } from "./change-request-dto";

export interface CreateChangeRequestOptions {
  actor: Actor;
  app: string;
  kind: string;
  title: string;
  payload: unknown;
  diff?: unknown;
  comment: string;
  /** Default: the app's setting (release settings, default 1). */
  requiredApprovals?: number;
  /** ids of people/tokens who may not approve (besides the requester) */
  excludedApprovers?: string[];
}

const OptionsSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, "A kind is a lower-case name such as publish or dag.promote"),
  title: z.string().trim().min(1, "Give the request a title").max(300),
  comment: z.string().trim().max(2000),
  requiredApprovals: z.number().int().min(1).max(5).optional(),
});

/** A pending change request; nothing changes until reviewers approve it (approve-change-request.ts). */
export async function createChangeRequest(db: Db | Tx, opts: CreateChangeRequestOptions): Promise<ChangeRequestDto> {
  const checked = OptionsSchema.safeParse(opts);
  if (!checked.success) throw badRequest(checked.error.issues[0]?.message ?? "Invalid change request", { issues: checked.error.issues });
  return db.transaction(async (tx) => {
    await getApp(tx, opts.app);
    const requiredApprovals = checked.data.requiredApprovals ?? (await getReleaseSettings(tx, opts.app)).requiredApprovals;
    const [row] = await tx
      .insert(changeRequests)
      .values({
        app: opts.app,
        kind: checked.data.kind,
        title: checked.data.title,
        payload: opts.payload ?? null,
        diff: opts.diff ?? null,
        comment: checked.data.comment,
        requiredApprovals,
        excludedApprovers: [...new Set(opts.excludedApprovers ?? [])],
        requestedBy: actorLabel(opts.actor),
        requestedById: actorId(opts.actor),
      })
      .returning();
    const request = toChangeRequestDto(row!, []);
    await recordAudit(tx, { actor: opts.actor, app: opts.app, kind: "change_request", action: "create", target: request.id, after: auditSummary(request) });
    return request;
  });
}
