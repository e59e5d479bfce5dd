import { describeError, ScoringError } from "./scoring-error";
import type { Stage, TraceStep } from "./types";

/**
 * Times each stage and, when one fails, turns the error into a ScoringError that names the
 * stage and carries the trace so far: a caller shows where the flow stopped and why.
 */
export class Tracer {
  readonly steps: TraceStep[] = [];

  constructor(private readonly logUnexpected?: (where: string, error: unknown) => void) {}

  async stage<T>(stage: Stage, input: unknown, fn: () => Promise<T> | T, summarize: (out: T) => unknown = (o) => o): Promise<T> {
    const t0 = performance.now();
    try {
      const out = await fn();
      this.steps.push({ stage, ok: true, ms: performance.now() - t0, input, output: summarize(out) });
      return out;
    } catch (thrown) {
      throw this.failed(stage, input, t0, thrown);
    }
  }

  /** A stage that does not wait for anything: the same step and errors, without a promise per stage. */
  stageSync<T>(stage: Stage, input: unknown, fn: () => T, summarize: (out: T) => unknown = (o) => o): T {
    const t0 = performance.now();
    try {
      const out = fn();
      this.steps.push({ stage, ok: true, ms: performance.now() - t0, input, output: summarize(out) });
      return out;
    } catch (thrown) {
      throw this.failed(stage, input, t0, thrown);
    }
  }

  private failed(stage: Stage, input: unknown, t0: number, thrown: unknown): ScoringError {
    // A template that does not render throws core's CoreError: the same code and message here.
    const described = describeError(thrown);
    const err = described ?? new ScoringError("internal", `${stage} failed unexpectedly`);
    if (!described) this.logUnexpected?.(`[scoring] ${stage}`, thrown);
    this.steps.push({ stage, ok: false, ms: performance.now() - t0, input, error: { code: err.code, message: err.message } });
    const wrapped = new ScoringError(err.code, `${stage}: ${err.message}`, { stage, reason: err.details, trace: this.steps }, err.status);
    if (err.adminDetail !== undefined) wrapped.adminDetail = err.adminDetail;
    return wrapped;
  }
}
