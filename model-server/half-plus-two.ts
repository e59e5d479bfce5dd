import fs from "node:fs";
import path from "node:path";
import { readFloatFeature, parseExample } from "./examples";
import { floatTensor, type ServerTensor } from "./server-tensor";
import { invalidArgument } from "./serving-error";
import type { SignatureDefObject, SignatureRunner } from "./servable";

/**
 * TF Serving's test model half_plus_two (y = 0.5x + 2 and friends), executed without
 * TensorFlow. It is recognised by its exact signature defs AND its exact variable values,
 * so a look-alike (half_plus_three has the same signatures) is not computed wrongly.
 */
const SIGNATURE_FINGERPRINT = [
  "classify_x_to_y tensorflow/serving/classify in:inputs=tf_example:0/DT_STRING out:scores=y:0/DT_FLOAT",
  "regress_x2_to_y3 tensorflow/serving/regress in:inputs=x2:0/DT_FLOAT out:outputs=y3:0/DT_FLOAT",
  "regress_x_to_y tensorflow/serving/regress in:inputs=tf_example:0/DT_STRING out:outputs=y:0/DT_FLOAT",
  "regress_x_to_y2 tensorflow/serving/regress in:inputs=tf_example:0/DT_STRING out:outputs=y2:0/DT_FLOAT",
  "serving_default tensorflow/serving/predict in:x=x:0/DT_FLOAT out:y=y:0/DT_FLOAT",
].join("\n");

// variables.data-00000-of-00001 of the published model: float32 little-endian 0.5, 0.5, 2, 3, 3.
const VARIABLES_DATA = Buffer.from("0000003f0000003f0000004000004040" + "00004040", "hex");

const A = 0.5;
const B = 2;
const C = 3;

function fingerprint(defs: Record<string, SignatureDefObject>): string {
  const side = (prefix: string, infos: SignatureDefObject["inputs"]) =>
    Object.entries(infos)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([alias, info]) => `${prefix}:${alias}=${info.name}/${info.dtype}`)
      .join(" ");
  return Object.entries(defs)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, def]) => `${name} ${def.method_name} ${side("in", def.inputs)} ${side("out", def.outputs)}`)
    .join("\n");
}

export function isHalfPlusTwo(defs: Record<string, SignatureDefObject>, versionDir: string): boolean {
  if (fingerprint(defs) !== SIGNATURE_FINGERPRINT) return false;
  try {
    return fs.readFileSync(path.join(versionDir, "variables", "variables.data-00000-of-00001")).equals(VARIABLES_DATA);
  } catch {
    return false;
  }
}

const affine = (offset: number) => (x: number) => Math.fround(Math.fround(A * x) + offset);

function floatInput(inputs: Record<string, ServerTensor>, alias: string): number[] {
  const t = inputs[alias];
  if (t?.dtype !== "DT_FLOAT") throw invalidArgument(`Input ${alias} must be DT_FLOAT`);
  return t.values;
}

// The graph parses serialized Examples with FixedLenFeature([1], float) for "x".
function fromExamples(offset: number, output: string): SignatureRunner {
  return (inputs) => {
    const t = inputs.inputs;
    if (t?.dtype !== "DT_STRING") throw invalidArgument("Input inputs must be DT_STRING (serialized tf.Example)");
    const ys = t.values.map((bytes, i) => affine(offset)(readFloatFeature(parseExample(bytes), "x", 1, i)[0] as number));
    return { [output]: floatTensor([ys.length, 1], ys) };
  };
}

export const HALF_PLUS_TWO_RUNNERS: Record<string, SignatureRunner> = {
  serving_default: (inputs) => {
    const x = inputs.x as ServerTensor;
    return { y: floatTensor(x.shape, floatInput(inputs, "x").map(affine(B))) };
  },
  regress_x2_to_y3: (inputs) => {
    const x2 = inputs.inputs as ServerTensor;
    return { outputs: floatTensor(x2.shape, floatInput(inputs, "inputs").map(affine(C))) };
  },
  classify_x_to_y: fromExamples(B, "scores"),
  regress_x_to_y: fromExamples(B, "outputs"),
  regress_x_to_y2: fromExamples(C, "outputs"),
};
