/**
 * In-memory scoring ports for benches that measure the runtime's own CPU: tables, fg and model as
 * plain functions over a fixed world (400 users, 300 goods, 8-dim vectors, a cf table), two
 * solutions over 100 buckets (v1 30%, v2 70%).
 */
import type { ScoringPorts } from "@/sdk/src/runtime/ports";
import type { PredictRequest, ScoreRequest, TensorIO } from "@/sdk/src/runtime/types";

const DIMS = 8;
const vector = (seed: number) => Array.from({ length: DIMS }, (_, d) => Math.sin(seed * 13 + d) / 2);
const tables: Record<string, Map<string, unknown>> = { user_tbl: new Map(), goods_tbl: new Map(), cf_tbl: new Map() };
for (let uid = 1; uid <= 400; uid++) tables.user_tbl!.set(String(uid), vector(uid));
for (let g = 100; g < 400; g++) tables.goods_tbl!.set(String(g), vector(1000 + g));
for (let uid = 1; uid <= 400; uid++) for (let k = 0; k < 5; k++) tables.cf_tbl!.set(`${uid}|${100 + ((uid * 37 + k * 61) % 300)}`, { score: (uid % 7) / 3, co_clicks: k });
const solutionOf = (name: string, buckets: number[]) => ({
  name,
  features: { user_vec: "getKV user_tbl {uid}", goods_vec: "getKV goods_tbl {goods_id}", cf: "getKKV cf_tbl {uid}|{goods_id}" },
  model: { name: "m", version: "mv" },
  fg: { class: "F", version: "1" },
  buckets,
});
const solutions = [solutionOf("v1", Array.from({ length: 30 }, (_, i) => i)), solutionOf("v2", Array.from({ length: 70 }, (_, i) => 30 + i))];

function fg(fm: Record<string, unknown>): TensorIO {
  const u = (fm.user_vec as number[] | null) ?? new Array(DIMS).fill(0);
  const g = (fm.goods_vec as number[] | null) ?? new Array(DIMS).fill(0);
  const cf = (fm.cf as { score: number } | null)?.score ?? 0;
  return { inputs: [{ name: "x", dtype: "float", shape: [1, 2 * DIMS + 1], values: [...u, ...g, cf] }], outputs: [{ name: "score" }] };
}
function predict(request: PredictRequest) {
  const x = request.inputs.x!;
  const rows = x.shape[0]!;
  const width = x.values.length / rows;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = 0; k < width; k++) s += (x.values[r * width + k] as number) * 0.1;
    out[r] = 1 / (1 + Math.exp(-s));
  }
  return { model: request.model, outputs: { score: { dtype: "DT_FLOAT", shape: [rows, 1], values: out } } };
}
export const ports: ScoringPorts = {
  loadConfig: async (app, source) => ({ app: { name: app, bucketCount: 100, hashKey: "uid", salt: "favpush" }, solutions, versions: { mv: "3" }, source, revision: 7 }),
  openTable: async (table) => {
    const rows = tables[table]!;
    const get = async (key: string) => rows.get(key) ?? null;
    const many = async (keys: string[]) => keys.map((k) => rows.get(k) ?? null);
    return { getKV: get, getKKV: get, getKVMany: many, getKKVMany: many };
  },
  fetchFg: async () => ({}),
  runFg: async (_pkg, fm) => fg(fm),
  modelSignature: async () => ({ inputs: { x: { dtype: "DT_FLOAT", shape: [-1, 2 * DIMS + 1] } } }),
  instances: async () => ["a:1", "b:1"],
  predict: async (_instance, request) => predict(request),
};


export const single = (i: number): ScoreRequest => ({ app_name: "favpush", origin: { uid: 1 + (i % 400), goods_id: 100 + ((i * 7) % 300) } });
export const batch = (i: number): ScoreRequest => ({ app_name: "favpush", origin: { uid: 1 + (i % 400) }, items: Array.from({ length: 20 }, (_, k) => ({ goods_id: 100 + ((i + k * 11) % 300) })) });
