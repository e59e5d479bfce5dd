import { AppError, isAppError, withCoreErrorMapped } from "@/server/errors";
import type { Stage, TraceStep } from "./scoring-types";
import { logError } from "@/server/log/loggable-error";

/**
 * Times each stage and, when one fails, turns the error into an AppError that names the
 * stage and carries the trace so far: the page shows where the flow stopped and why.
 */
export class Tracer {
  readonly steps: TraceStep[] = [];

  async stage<T>(stage: Stage, input: unknown, fn: () => Promise<T> | T, summarize: (out: T) => unknown = (o) => o): Promise<T> {
    const t0 = performance.now();
    try {
      const out = await fn();
      this.steps.push({ stage, ok: true, ms: performance.now() - t0, input, output: summarize(out) });
      return out;
    } catch (thrown) {
      // A template that does not render throws core's CoreError: the same code and message here.
      const e = withCoreErrorMapped(thrown);
      const err = isAppError(e) ? e : new AppError("internal", `${stage} failed unexpectedly`);
      if (!isAppError(e)) logError(`[scoring] ${stage}`, e);
      this.steps.push({ stage, ok: false, ms: performance.now() - t0, input, error: { code: err.code, message: err.message } });
      const wrapped = new AppError(err.code, `${stage}: ${err.message}`, { stage, reason: err.details, trace: this.steps }, err.status);
      if (err.adminDetail !== undefined) wrapped.adminDetail = err.adminDetail;
      throw wrapped;
    }
  }
}
