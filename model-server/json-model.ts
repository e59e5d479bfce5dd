import { z } from "zod";
import { floatTensor, type ServerTensor } from "./server-tensor";
import { invalidArgument } from "./serving-error";
import { PREDICT_METHOD, tensorInfo, type Servable, type SignatureRunner } from "./servable";

/**
 * The dev server's own model file, model.json: a logistic regression or a small MLP with
 * its weights and its signature. Format documented in docs/model-server.md.
 */
export const JSON_MODEL_FILE = "model.json";

const inputSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "must be a tensor alias (letters, digits, _ . -)"),
  size: z.number().int().positive(),
  dtype: z.enum(["DT_FLOAT", "DT_DOUBLE", "DT_INT32", "DT_INT64"]).default("DT_FLOAT"),
});

const common = {
  signature_name: z.string().min(1).default("serving_default"),
  inputs: z.array(inputSchema).min(1),
  output: z.string().min(1).default("probability"),
};

const modelSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("logistic_regression"), ...common, weights: z.array(z.number()), bias: z.number() }),
  z.object({
    kind: z.literal("mlp"),
    ...common,
    layers: z.array(z.object({ weights: z.array(z.array(z.number())).min(1), bias: z.array(z.number()).min(1) })).min(1),
  }),
]);

type JsonModel = z.infer<typeof modelSchema>;
type Layer = { weights: number[][]; bias: number[] };

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const relu = (z: number) => Math.max(0, z);

// x (length rows) times W (rows x units) plus b.
function dense(x: readonly number[], { weights, bias }: Layer): number[] {
  return bias.map((b, k) => x.reduce((sum, xi, j) => sum + xi * ((weights[j] as number[])[k] as number), b));
}

function asLayers(model: JsonModel): Layer[] {
  if (model.kind === "mlp") return model.layers;
  // A logistic regression is a one-layer network with one sigmoid unit.
  return [{ weights: model.weights.map((w) => [w]), bias: [model.bias] }];
}

function checkShapes(model: JsonModel, layers: Layer[]): void {
  const names = new Set(model.inputs.map((i) => i.name));
  if (names.size !== model.inputs.length) throw new Error("input names must be unique");
  let width = model.inputs.reduce((n, i) => n + i.size, 0);
  layers.forEach((layer, l) => {
    const what = model.kind === "mlp" ? `layers[${l}]` : "weights";
    if (layer.weights.length !== width) {
      throw new Error(`${what} has ${layer.weights.length} rows but ${l === 0 ? "the inputs give" : "the previous layer gives"} ${width} values`);
    }
    layer.weights.forEach((row, j) => {
      if (row.length !== layer.bias.length) throw new Error(`${what}.weights[${j}] has ${row.length} columns, bias has ${layer.bias.length}`);
    });
    width = layer.bias.length;
  });
}

/** Parse and check model.json; a bad file throws INVALID_ARGUMENT (the version ends in END). */
export function loadJsonModel(text: string): Servable {
  let model: JsonModel;
  let layers: Layer[];
  try {
    const parsed = modelSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new Error(parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "));
    }
    model = parsed.data;
    layers = asLayers(model);
    checkShapes(model, layers);
  } catch (e) {
    throw invalidArgument(`Invalid ${JSON_MODEL_FILE}: ${(e as Error).message}`);
  }
  const units = (layers[layers.length - 1] as Layer).bias.length;
  const def = {
    inputs: Object.fromEntries(model.inputs.map((i) => [i.name, tensorInfo(`${i.name}:0`, i.dtype, [-1, i.size])])),
    outputs: { [model.output]: tensorInfo(`${model.output}:0`, "DT_FLOAT", [-1, units]) },
    method_name: PREDICT_METHOD,
  };
  return { kind: model.kind, signatures: { [model.signature_name]: { def, run: runner(model, layers, units) } } };
}

function runner(model: JsonModel, layers: Layer[], units: number): SignatureRunner {
  return (inputs) => {
    // Each input is [batch, size] (or [batch] when size is 1); rows are concatenated in the
    // order the inputs are declared.
    let batch: number | undefined;
    const columns = model.inputs.map(({ name, size }) => {
      const t = inputs[name] as ServerTensor;
      const ok = (t.shape.length === 2 && t.shape[1] === size) || (t.shape.length === 1 && size === 1);
      if (!ok) throw invalidArgument(`Input ${name} must have shape [batch, ${size}], got [${t.shape.join(",")}]`);
      const rows = t.shape[0] as number;
      if (batch !== undefined && rows !== batch) throw invalidArgument(`Inputs disagree on the batch size: ${batch} and ${rows}`);
      batch = rows;
      return { size, values: t.values as number[] };
    });
    const n = batch ?? 0;
    const out: number[] = [];
    for (let b = 0; b < n; b++) {
      let x = columns.flatMap(({ size, values }) => values.slice(b * size, (b + 1) * size));
      layers.forEach((layer, l) => {
        x = dense(x, layer).map(l === layers.length - 1 ? sigmoid : relu);
      });
      out.push(...x);
    }
    return { [model.output]: floatTensor([n, units], out) };
  };
}
