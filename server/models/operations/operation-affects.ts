import type { Db } from "@/db";
import type { ModelOperationRequest } from "@/server/contracts/models";
import type { OperationAffects } from "@/server/contracts/used-by";
import { AppError } from "@/server/errors";
import { modelVersionUsedBy } from "../model-version-used-by";

/**
 * What an unload or a hot-fix reload of a version would disturb in live scoring: the live
 * solutions that score with it and the labels that point at it. Null when nothing (or when the
 * operation is not one that takes a version away, even for a moment).
 */
export async function operationAffects(db: Db, model: string, req: ModelOperationRequest): Promise<OperationAffects | null> {
  if (req.kind !== "unload" && req.kind !== "hotfix") return null;
  const usedBy = await modelVersionUsedBy(db, { model, version: req.version });
  const live = usedBy.uses.filter((u) => u.where === "live");
  if (live.length === 0 && usedBy.labels.length === 0) return null;
  return {
    model,
    version: req.version,
    apps: [...new Set(live.map((u) => u.app))],
    solutions: live.map((u) => ({ app: u.app, solution: u.solution })),
    labels: usedBy.labels,
  };
}

/** 409 confirmation_required unless the caller confirmed, naming what the operation affects. */
export function requireConfirmation(req: ModelOperationRequest, affects: OperationAffects | null): void {
  if (!affects || ((req.kind === "unload" || req.kind === "hotfix") && req.confirm === true)) return;
  const what = [
    affects.solutions.length ? `live solution(s) ${affects.solutions.map((s) => `${s.app}/${s.solution}`).join(", ")}` : "",
    affects.labels.length ? `label(s) ${affects.labels.join(", ")}` : "",
  ].filter(Boolean);
  const verb = req.kind === "unload" ? "Unloading" : "A hot-fix reload of";
  throw new AppError(
    "confirmation_required",
    `${verb} version ${affects.version} of ${affects.model} affects ${what.join(" and ")}; send confirm: true to go ahead.`,
    { affects },
  );
}
