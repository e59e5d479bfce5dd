import type { Db } from "@/db";
import type { ReleaseContent } from "@/server/contracts/releases";
import { checkReferences, isNoAnswerFailure } from "@/server/verification/check-references";

/**
 * Delivery's re-check (docs/verification.md, *Delivery re-check*): just before a release is
 * written to the center, its references are checked again (not its sample scores): a model
 * version unloaded since it was verified or approved fails the delivery with the reason
 * (refused: it would fail again) instead of reaching scoring services. When the only failures
 * are model versions whose instances did not answer at all, it is `transient`: retried later.
 * Null when every reference holds (warnings pass).
 */
export async function recheckReferences(db: Db, opts: { app: string; content: ReleaseContent }): Promise<{ reason: string; transient: boolean } | null> {
  const failed = (await checkReferences(db, opts)).filter((c) => c.status === "failed");
  if (failed.length === 0) return null;
  const named = failed.slice(0, 3).map((c) => (c.reason ? `${c.title}: ${c.reason}` : c.title));
  const more = failed.length > 3 ? ` (and ${failed.length - 3} more)` : "";
  return { reason: `Delivery re-check failed: ${named.join("; ")}${more}`, transient: failed.every(isNoAnswerFailure) };
}
