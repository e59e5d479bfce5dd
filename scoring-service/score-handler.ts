import type { IncomingMessage, ServerResponse } from "node:http";
import type { ScoringRuntime } from "@/sdk/src/runtime/create-runtime";
import { describeError } from "@/sdk/src/runtime/scoring-error";
import type { ScoreRequest, TraceStep } from "@/sdk/src/runtime/types";
import type { ServiceMetrics, ServiceStage } from "./metrics";
import { BodyError, readJsonBody } from "./read-json-body";
import type { ReleaseSnapshots } from "./release-snapshot";
import { sendJson } from "./send-json";

export interface ScoreHandlerDeps {
  app: string;
  runtime: ScoringRuntime;
  snapshots: ReleaseSnapshots;
  metrics: ServiceMetrics;
  maxBodyBytes: number;
}

/**
 * POST /score: the articles' request (`items` optional) through the runtime under the release
 * held when it arrived; the runtime's answer as it is, or `{ error: { code, message, details } }`
 * with the runtime's status. The runtime always traces (the stage timings feed /metrics); the
 * trace and details are answered only to a request that asked for them.
 */
export async function handleScore(deps: ScoreHandlerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const release = deps.snapshots.current();
  const solutions = release ? solutionNames(release) : [];
  let status = 200;
  let items = 0;
  let solution: string | null = null;
  let trace: TraceStep[] | undefined;
  let error: { stage: ServiceStage; code: string } | undefined;
  deps.metrics.inFlight.inc();
  try {
    let request: ScoreRequest;
    try {
      request = checkRequest(await readJsonBody(req, deps.maxBodyBytes), deps.app);
    } catch (e) {
      if (!(e instanceof BodyError)) {
        // The client went away mid-body (or the stream broke): nobody to answer, but it is counted.
        status = 400;
        error = { stage: "request", code: "bad_request" };
        if (!res.destroyed) sendJson(res, 400, { error: { code: "bad_request", message: "the body could not be read", details: null } });
        return;
      }
      status = e.status;
      error = { stage: "request", code: e.code };
      if (e.status === 413) res.setHeader("connection", "close");
      return sendJson(res, e.status, { error: { code: e.code, message: e.message, details: e.details } });
    }
    const askedTrace = request.options?.trace === true;
    items = Array.isArray(request.items) ? request.items.length : 1;
    try {
      const scored: ScoreRequest = { ...request, options: { ...request.options, trace: true } };
      deps.snapshots.pin(scored, release);
      const result = (await deps.runtime.score(scored)) as unknown as Record<string, unknown> & { solution: string; trace?: TraceStep[] };
      solution = result.solution;
      trace = result.trace;
      if (askedTrace) return sendJson(res, 200, result);
      const { trace: _trace, details: _details, ...answer } = result;
      return sendJson(res, 200, answer);
    } catch (e) {
      const described = describeError(e);
      if (!described) console.error("[scoring-service] unexpected error", e);
      const d = (described?.details ?? null) as { stage?: ServiceStage; reason?: unknown; trace?: TraceStep[] } | null;
      status = described?.status ?? 500;
      const code = described?.code ?? "internal";
      trace = d?.trace;
      solution = solutionOfTrace(trace);
      error = { stage: d?.stage ?? "request", code };
      const details = d && "stage" in d ? { stage: d.stage, reason: d.reason ?? null, ...(askedTrace ? { trace: d.trace } : {}) } : (described?.details ?? null);
      return sendJson(res, status, { error: { code, message: described?.message ?? "the request failed unexpectedly", details } });
    }
  } finally {
    deps.metrics.inFlight.dec();
    deps.metrics.record({ solution, revision: release?.revision ?? null, solutions, status, items, seconds: (performance.now() - started) / 1000, trace, error });
  }
}

/** The articles' request: `app_name` (this service's app), `origin`, and optionally `items` and `options`, passed on unchanged. */
function checkRequest(body: unknown, app: string): ScoreRequest {
  if (!isObject(body)) throw new BodyError(400, "bad_request", "the body must be a JSON object: {app_name, origin, items?, options?}");
  if (typeof body.app_name !== "string") throw new BodyError(400, "bad_request", "app_name must be a string", { field: "app_name" });
  if (body.app_name !== app) throw new BodyError(404, "not_found", `this service scores ${app}, not ${body.app_name}`, { app: body.app_name });
  if (!isObject(body.origin)) throw new BodyError(400, "bad_request", "origin must be an object of the request's fields", { field: "origin" });
  if (body.items !== undefined && !(Array.isArray(body.items) && body.items.every(isObject))) {
    throw new BodyError(400, "bad_request", "items must be an array of objects", { field: "items" });
  }
  if (body.options !== undefined && !isObject(body.options)) throw new BodyError(400, "bad_request", "options must be an object", { field: "options" });
  return body as unknown as ScoreRequest;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const namesOf = new WeakMap<object, string[]>();

/** The solution names of a release's document (the bounded set of the solution label). */
function solutionNames(release: { document: unknown }): string[] {
  const doc = release.document as { solutions?: unknown } | null;
  let names = namesOf.get(release);
  if (!names) {
    names = Array.isArray(doc?.solutions) ? doc.solutions.flatMap((s) => (isObject(s) ? Object.keys(s).filter((k) => k !== "buckets").slice(0, 1) : [])) : [];
    namesOf.set(release, names);
  }
  return names;
}

/** The solution a failed request had reached, from its trace (null before the solution stage). */
function solutionOfTrace(trace: TraceStep[] | undefined): string | null {
  const step = trace?.find((s) => s.stage === "solution" && s.ok);
  const name = (step?.output as { name?: unknown } | undefined)?.name;
  return typeof name === "string" ? name : null;
}
