import type { ModelManager } from "./model-manager";
import type { ServerTensor } from "./server-tensor";
import { failedPrecondition, invalidArgument, unimplemented } from "./serving-error";
import { CLASSIFY_METHOD, DEFAULT_SIGNATURE, REGRESS_METHOD, type Servable, type ServableSignature } from "./servable";

/**
 * Predict / Classify / Regress on a resolved model version, with TF Serving's checks and
 * messages. Classify and Regress run a classify/regress signature over serialized
 * tf.Examples, as TF Serving does.
 */
export interface InferenceTarget {
  model: string;
  version: number;
  servable: Servable;
}

export function resolveTarget(manager: ModelManager, spec: { name: string; version?: number; label?: string }): InferenceTarget {
  const { version, servable } = manager.resolve(spec);
  return { model: spec.name, version, servable };
}

export function findSignature(servable: Servable, name: string): { name: string; signature: ServableSignature } {
  const key = name || DEFAULT_SIGNATURE;
  const signature = servable.signatures[key];
  if (!signature) throw failedPrecondition(`Serving signature key "${key}" not found.`);
  return { name: key, signature };
}

// TensorFlow's DataTypeString: DT_FLOAT -> "float".
const dtypeString = (dtype: string) => dtype.replace(/^DT_/, "").toLowerCase();

function run(target: InferenceTarget, signature: ServableSignature, inputs: Record<string, ServerTensor>): Record<string, ServerTensor> {
  if (!signature.run) {
    const reason = target.servable.notExecutableReason ?? "no implementation for this signature";
    throw unimplemented(`The dev model server cannot execute version ${target.version} of model ${target.model}: ${reason}`);
  }
  return signature.run(inputs);
}

export function runPredict(
  target: InferenceTarget,
  signatureName: string,
  inputs: Record<string, ServerTensor>,
  outputFilter: readonly string[],
): { signatureName: string; outputs: Record<string, ServerTensor> } {
  const { name, signature } = findSignature(target.servable, signatureName);
  const expected = Object.keys(signature.def.inputs);
  for (const alias of Object.keys(inputs)) {
    if (!signature.def.inputs[alias]) {
      throw invalidArgument(`input tensor alias not found in signature: ${alias}. Inputs expected to be in the set {${expected.join(",")}}.`);
    }
  }
  const missing = expected.filter((alias) => !inputs[alias]);
  if (missing.length > 0) {
    throw invalidArgument(
      `Request inputs do not match required inputs for model \`${target.model}\`. Send extra: {}. Missing but required: {${missing.join(",")}}.`,
    );
  }
  expected.forEach((alias, i) => {
    const want = signature.def.inputs[alias]?.dtype as string;
    const got = (inputs[alias] as ServerTensor).dtype;
    if (want !== got) throw invalidArgument(`Expects arg[${i}] to be ${dtypeString(want)} but ${dtypeString(got)} is provided`);
  });
  for (const alias of outputFilter) {
    if (!signature.def.outputs[alias]) {
      const set = Object.keys(signature.def.outputs).join(",");
      throw invalidArgument(`output tensor alias not found in signature: ${alias} Outputs expected to be in the set {${set}}.`);
    }
  }
  const all = run(target, signature, inputs);
  const wanted = outputFilter.length > 0 ? outputFilter : Object.keys(signature.def.outputs);
  return { signatureName: name, outputs: Object.fromEntries(wanted.map((alias) => [alias, all[alias] as ServerTensor])) };
}

function runOnExamples(target: InferenceTarget, signatureName: string, method: string, examples: Uint8Array[]) {
  const { name, signature } = findSignature(target.servable, signatureName);
  const kind = method === CLASSIFY_METHOD ? "classification" : "regression";
  if (signature.def.method_name !== method) {
    throw invalidArgument(`Expected ${kind} signature method_name to be ${method}. Was: ${signature.def.method_name}`);
  }
  const aliases = Object.keys(signature.def.inputs);
  if (aliases.length !== 1) throw invalidArgument("Expected one input Tensor.");
  const alias = aliases[0] as string;
  if (signature.def.inputs[alias]?.dtype !== "DT_STRING") {
    throw invalidArgument(`The ${kind} signature's input ${alias} is not DT_STRING, so it cannot take serialized tf.Examples`);
  }
  const outputs = run(target, signature, { [alias]: { dtype: "DT_STRING", shape: [examples.length], values: examples } });
  return { signatureName: name, outputs };
}

export function runClassify(target: InferenceTarget, signatureName: string, examples: Uint8Array[]) {
  const { signatureName: name, outputs } = runOnExamples(target, signatureName, CLASSIFY_METHOD, examples);
  const { classes, scores } = outputs;
  if (!classes && !scores) throw invalidArgument("Expected classification signature outputs to contain classes or scores.");
  const perExample = (scores ?? classes)?.shape[1] ?? 1;
  const classifications = examples.map((_, i) =>
    Array.from({ length: perExample }, (_, k) => {
      const at = i * perExample + k;
      const label = classes?.dtype === "DT_STRING" ? Buffer.from(classes.values[at] as Uint8Array).toString("utf8") : "";
      const score = scores?.dtype === "DT_FLOAT" ? (scores.values[at] as number) : 0;
      return { label, score };
    }),
  );
  return { signatureName: name, classifications };
}

export function runRegress(target: InferenceTarget, signatureName: string, examples: Uint8Array[]) {
  const { signatureName: name, outputs } = runOnExamples(target, signatureName, REGRESS_METHOD, examples);
  const values = outputs.outputs;
  if (values?.dtype !== "DT_FLOAT" || values.values.length !== examples.length) {
    throw invalidArgument("Expected regression signature output outputs to be DT_FLOAT with one value per example.");
  }
  return { signatureName: name, values: values.values };
}

export interface InferenceTask {
  modelName: string;
  signatureName: string;
  methodName: string;
}

/**
 * MultiInference: several classify/regress signatures of one model over the same examples,
 * with TF Serving's checks in its order (multi_inference.cc): every task names the same
 * model, no signature twice, each found, of a classify/regress method, all reading the
 * same input tensor; then one result per task, in task order.
 */
export function runMultiInference(target: InferenceTarget, tasks: readonly InferenceTask[], examples: () => Uint8Array[]) {
  let inputName: string | undefined;
  const seen = new Set<string>();
  for (const task of tasks) {
    if (!task.modelName) throw invalidArgument("Found ModelSpec with an empty model name.");
    if (task.modelName !== target.model) throw invalidArgument("All ModelSpecs in a MultiInferenceRequest must access the same model name.");
    const name = task.signatureName || DEFAULT_SIGNATURE;
    if (seen.has(name)) throw invalidArgument(`Duplicate evaluation of signature: ${name}`);
    seen.add(name);
    const signature = target.servable.signatures[name];
    if (!signature) throw invalidArgument(`Requested signature not found in model graph: ${name}`);
    if (task.methodName !== CLASSIFY_METHOD && task.methodName !== REGRESS_METHOD) {
      throw unimplemented(`Unsupported signature method_name: ${task.methodName}`);
    }
    const kind = task.methodName === CLASSIFY_METHOD ? "classification" : "regression";
    if (signature.def.method_name !== task.methodName) {
      throw invalidArgument(`Expected ${kind} signature method_name to be ${task.methodName}. Was: ${signature.def.method_name}`);
    }
    const inputs = Object.values(signature.def.inputs);
    if (inputs.length !== 1) throw invalidArgument("Expected one input Tensor.");
    const tensorName = (inputs[0] as { name: string }).name;
    if (inputName !== undefined && inputName !== tensorName) throw invalidArgument("Input tensor must be the same for all Signatures.");
    inputName = tensorName;
  }
  const serialized = examples();
  return tasks.map((task) => {
    const signatureName = task.signatureName || DEFAULT_SIGNATURE;
    if (task.methodName === CLASSIFY_METHOD) {
      return { signatureName, classifications: runClassify(target, signatureName, serialized).classifications };
    }
    return { signatureName, values: runRegress(target, signatureName, serialized).values };
  });
}
