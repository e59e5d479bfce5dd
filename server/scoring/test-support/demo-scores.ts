import fs from "node:fs";
import path from "node:path";

/**
 * What the demo models must answer, computed here from their model files with plain
 * arithmetic, independently of the fg, the tensor codec and the model server.
 */
const DEMO = path.resolve(import.meta.dirname, "../../../model-server/demo-models");
const lr = JSON.parse(fs.readFileSync(path.join(DEMO, "favpush_lr/20200116/model.json"), "utf8")) as { weights: number[]; bias: number };
const dnn = JSON.parse(fs.readFileSync(path.join(DEMO, "favpush_dnn/20200116/model.json"), "utf8")) as { layers: { weights: number[][]; bias: number[] }[] };

export const DEMO_MODELS_DIR = DEMO;

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
