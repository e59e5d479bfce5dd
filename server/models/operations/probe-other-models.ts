import { getTfsClient, type PredictInput } from "@/server/tfs/grpc-client";
import { dtypeFromTfName, type TensorInput } from "@/server/tfs/tensor-codec";

/**
 * "Loading a model slows the others" (TF Serving issues 881, 1866): while a load or a hot fix
 * runs, each other model served by the same instances gets a Predict every 200 ms, and its
 * latency percentile (p99) is reported in the operation's progress, so the operator sees the
 * impact. The request is a sample request of an app that uses the model when there is one
 * (`requestFor`), else one made from the model's metadata: its predict signature with every
 * input filled with zeros (unknown dimensions as 1), which is enough to make the model work.
 */
export const PROBE_INTERVAL_MS = 200;
const PREDICT_METHOD = "tensorflow/serving/predict";

export interface ProbeTarget {
  address: string;
  model: string;
}

export interface ProbeReport extends ProbeTarget {
  /** Predicts that answered. */
  count: number;
  failed: number;
  p99Ms: number | null;
  /** Set when the model could not be probed at all (no predict signature, metadata refused). */
  notProbed?: string;
  /** What was sent: "sample request of <app>" or "zero request". */
  source: string;
}

/** A caller's realistic request for a target, or null for the zero request. */
export type RequestFor = (target: ProbeTarget) => Promise<{ request: PredictInput; source: string } | null>;

/** The zero request of a model's predict signature (serving_default first). */
export async function zeroRequest(address: string, model: string): Promise<PredictInput> {
  const { signatureDefs } = await getTfsClient(address).getModelMetadata({ name: model }, { timeoutMs: 2000 });
  const names = Object.keys(signatureDefs).filter((n) => signatureDefs[n]?.methodName === PREDICT_METHOD);
  const name = names.includes("serving_default") ? "serving_default" : names.sort()[0];
  if (!name) throw new Error("it has no predict signature");
  const inputs: Record<string, TensorInput> = {};
  for (const [alias, info] of Object.entries(signatureDefs[name]?.inputs ?? {})) {
    const shape = (info.shape ?? [1]).map((d) => (d < 0 ? 1 : d));
    const size = shape.reduce((a, b) => a * b, 1);
    const dtype = dtypeFromTfName(info.dtype);
    const fill = dtype === "string" ? "" : dtype === "bool" ? false : dtype === "int64" ? "0" : 0;
    inputs[alias] = { dtype, shape, values: Array(size).fill(fill) } as TensorInput;
  }
  return { model: { name: model, signatureName: name }, inputs };
}

/** The p-th percentile (nearest rank) of the samples. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/**
 * Starts probing `targets` every `intervalMs`; `report()` gives the p99 of each since the last
 * report (and starts a new window), `stop()` ends it. A Predict still running when the next
 * tick comes is not doubled.
 */
export function probeOtherModels(targets: readonly ProbeTarget[], intervalMs = PROBE_INTERVAL_MS, requestFor?: RequestFor) {
  interface State extends ProbeTarget {
    request: Promise<PredictInput>;
    source: string;
    latencies: number[];
    failed: number;
    inFlight: Promise<void> | null;
    notProbed?: string;
  }
  const states: State[] = targets.map((t) => {
    const s: State = { ...t, request: Promise.resolve(null as never), source: "zero request", latencies: [], failed: 0, inFlight: null };
    s.request = (requestFor ? requestFor(t).catch(() => null) : Promise.resolve(null)).then((found) => {
      if (!found) return zeroRequest(t.address, t.model);
      s.source = found.source;
      return found.request;
    });
    s.request.catch((e: Error) => {
      s.notProbed = e.message;
    });
    return s;
  });
  const tick = () => {
    for (const s of states) {
      if (s.inFlight || s.notProbed) continue;
      s.inFlight = s.request
        .then(async (request) => {
          const t0 = performance.now();
          await getTfsClient(s.address).predict(request, { timeoutMs: 5000 });
          s.latencies.push(performance.now() - t0);
        })
        .catch(() => {
          if (!s.notProbed) s.failed++;
        })
        .finally(() => {
          s.inFlight = null;
        });
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    /** Waits for the Predicts in flight (so a window has at least one answer), then reports. */
    async report(): Promise<ProbeReport[]> {
      await Promise.all(states.map((s) => s.inFlight));
      return states.map((s) => {
        const r: ProbeReport = { address: s.address, model: s.model, count: s.latencies.length, failed: s.failed, p99Ms: percentile(s.latencies, 99), source: s.source };
        if (s.notProbed) r.notProbed = s.notProbed;
        s.latencies = [];
        s.failed = 0;
        return r;
      });
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}

/** One progress line per probed model. */
export function describeProbe(r: ProbeReport, during: string): string {
  if (r.notProbed) return `${r.model} not probed ${during}: ${r.notProbed}`;
  const p99 = r.p99Ms === null ? "no answer" : `p99 ${r.p99Ms.toFixed(1)} ms`;
  return `${r.model} ${during}: ${p99} over ${r.count} Predicts every ${PROBE_INTERVAL_MS} ms${r.failed ? `, ${r.failed} failed` : ""} (${r.source})`;
}
