import { AppError, type ErrorCode, withCoreErrorMapped } from "@/server/errors";
import { ScoringError } from "@/sdk/src/runtime/scoring-error";

/**
 * What was thrown, with the scoring runtime's ScoringError (sdk/src/runtime) or core's CoreError as
 * the console's AppError (same code, message, details, status and adminDetail); anything else as
 * it is. Kept out of server/errors.ts: the code fg sandbox worker loads that file, and cannot load
 * the SDK's relatively-imported modules.
 */
export function appErrorOf(e: unknown): unknown {
  if (!(e instanceof ScoringError)) return withCoreErrorMapped(e);
  const err = new AppError(e.code as ErrorCode, e.message, e.details, e.status);
  if (e.adminDetail !== undefined) err.adminDetail = e.adminDetail;
  return err;
}
