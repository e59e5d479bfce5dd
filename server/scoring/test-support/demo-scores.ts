import fs from "node:fs";
import path from "node:path";
import { demoModels, FAVPUSH_MODEL_NAMES, FAVPUSH_MODEL_VERSION } from "@/db/seed/favpush";
import { modelConfig } from "@/model-server/test-support";
import type { ModelConfig } from "@/server/tfs/model-config";

/**
 * What the demo models must answer, computed here from their model files with plain
 * arithmetic, independently of the fg, the tensor codec and the model server.
 */
const DEMO = path.resolve(import.meta.dirname, "../../../model-server/demo-models");
const lr = JSON.parse(fs.readFileSync(path.join(DEMO, `favpush_lr/${FAVPUSH_MODEL_VERSION}/model.json`), "utf8")) as { weights: number[]; bias: number };
const dnn = JSON.parse(fs.readFileSync(path.join(DEMO, `favpush_dnn/${FAVPUSH_MODEL_VERSION}/model.json`), "utf8")) as { layers: { weights: number[][]; bias: number[] }[] };

export const DEMO_MODELS_DIR = DEMO;

/** favpush_lr and favpush_dnn as a model server loads them from model-server/demo-models. */
export function favpushModelConfigs(): ModelConfig[] {
  return demoModels()
    .filter((m) => (FAVPUSH_MODEL_NAMES as readonly string[]).includes(m.name))
    .map((m) => modelConfig(m.name, path.join(DEMO, m.folder), m.policy));
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const f32 = (x: number) => Math.fround(x);

/** favpush_lr: sigmoid(w · [user ++ goods] + b) over float32 inputs. */
export function expectedLr(user: number[], goods: number[]): number {
  const x = [...user, ...goods].map(f32);
  return sigmoid(x.reduce((s, v, i) => s + v * lr.weights[i]!, lr.bias));
}

/** favpush_dnn: one ReLU layer then a sigmoid unit over [user ++ goods ++ log1p(cf score)]. */
export function expectedDnn(user: number[], goods: number[], cfScore: number): number {
  const x = [...user, ...goods, Math.log1p(cfScore)].map(f32);
  const [h, o] = dnn.layers;
  const hidden = h!.bias.map((b, k) => Math.max(0, x.reduce((s, v, j) => s + v * h!.weights[j]![k]!, b)));
  return sigmoid(hidden.reduce((s, v, j) => s + v * o!.weights[j]![0]!, o!.bias[0]!));
}
