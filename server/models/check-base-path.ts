import { isUnderRoots, localPartOf, normalizeBasePath } from "@/server/contracts/model-base-path";
import { env } from "@/server/env";
import { badRequest } from "@/server/errors";

/**
 * A base path as it may be stored: normalised, no `..`, and with MODEL_ROOTS set a local one
 * inside a root. `field` names where it came from in the 400 (a form field, or model.conf's
 * base_path of one model). The console cannot see the model servers' disks, so symbolic links
 * inside a root are the model servers' to refuse (the dev model server's --model_roots).
 */
export function checkModelBasePath(raw: string, where: { field: string; model?: string }): string {
  const of = where.model ? ` of model "${where.model}"` : "";
  const refuse = (message: string, extra: object = {}) =>
    badRequest(`Invalid ${where.field}${of}: ${message}`, { field: where.field, ...(where.model ? { model: where.model } : {}), ...extra, issues: [{ path: where.field, message }] });
  const r = normalizeBasePath(raw);
  if (!r.ok) throw refuse(r.message);
  const roots = env().MODEL_ROOTS;
  const local = localPartOf(r.path);
  if (roots.length > 0 && local !== null && !isUnderRoots(local, roots)) {
    throw refuse(`${local} is outside the model roots (${roots.join(", ")})`, { roots });
  }
  return r.path;
}
