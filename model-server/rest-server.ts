import http from "node:http";
import { httpStatusForGrpcCode } from "@/server/tfs/status-map";
import { JsonFloat, stringifyTfsJson } from "@/server/tfs/tfs-json";
import { exampleFromJson, serializeInputExamples } from "./examples";
import { signatureDefMapJson, versionStatusObject } from "./metadata";
import type { ModelManager } from "./model-manager";
import { inputsFromJson, outputsToJson } from "./rest-tensors";
import { isJsonObject, JsonParseError, jsonValueToString, parseRapidJson, type JsonValue } from "./rapid-json";
import { resolveTarget, runClassify, runPredict, runRegress, type InferenceTarget } from "./run-inference";
import { DEFAULT_SIGNATURE } from "./servable";
import { invalidArgument, notFound, toServingError } from "./serving-error";

/**
 * TF Serving's REST API (model_servers/http_rest_api_handler.cc, http_rest_api_util.cc) over
 * the model manager: its case-insensitive routes, its version parsing, its JSON (RapidJSON
 * number kinds, rapid-json.ts) and its messages.
 */
const PREDICTION_ROUTE = /^\/v1\/models\/([^/:]+)(?:\/versions\/(\d+)|\/labels\/([^/:]+))?:(classify|regress|predict)$/i;
const STATUS_ROUTE = /^\/v1\/models(?:\/([^/:]+))?(?:\/versions\/(\d+)|\/labels\/([^/:]+))?(?:\/(metadata))?$/i;
const INT64_MAX = 2n ** 63n - 1n;

const MAX_BODY_BYTES = 64 * 1024 * 1024;

type Body = { [key: string]: JsonValue };

interface Route {
  spec: { name: string; version?: number; label?: string };
  metadata: boolean;
  verb: "predict" | "classify" | "regress" | undefined;
}

function decodeArg(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidArgument(`Failed to decode ${what}:${raw}`);
  }
}

function matchRoute(method: string, pathname: string): Route {
  const malformed = () => invalidArgument(`Malformed request: ${method} ${pathname}`);
  if (!/^\/v1\//i.test(pathname)) throw notFound(`Not found: ${method} ${pathname}`);
  const m = method === "POST" ? PREDICTION_ROUTE.exec(pathname) : method === "GET" ? STATUS_ROUTE.exec(pathname) : null;
  if (!m) throw malformed();
  const [, rawName = "", rawVersion, rawLabel, last] = m;
  const name = rawName ? decodeArg(rawName, "model name") : "";
  let version: number | undefined;
  if (rawVersion !== undefined) {
    // absl::SimpleAtoi into an int64: more digits than an int64 holds is refused.
    if (BigInt(rawVersion) > INT64_MAX) throw invalidArgument(`Failed to convert version: ${rawVersion} to numeric.`);
    version = Number(rawVersion);
  }
  const label = rawLabel !== undefined ? decodeArg(rawLabel, "model version label") : undefined;
  const verb = method === "POST" ? (last as string) : undefined;
  // The route is matched case-insensitively, the verb is then compared exactly.
  if (verb !== undefined && !["predict", "classify", "regress"].includes(verb)) throw malformed();
  if (!name) throw invalidArgument("Missing model name in request.");
  const spec = version !== undefined ? { name, version } : label !== undefined ? { name, label } : { name };
  return { spec, metadata: method === "GET" && last !== undefined, verb: verb as Route["verb"] };
}

async function readBody(req: http.IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw invalidArgument(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.length === 0) throw invalidArgument("JSON Parse error: The document is empty");
  let body: JsonValue;
  try {
    body = parseRapidJson(text);
  } catch (e) {
    if (e instanceof JsonParseError) throw invalidArgument(`JSON Parse error: ${e.message}`);
    throw e;
  }
  if (!isJsonObject(body)) throw invalidArgument(`JSON Value: ${jsonValueToString(body)} Is not object`);
  if (body.signature_name !== undefined && typeof body.signature_name !== "string") {
    throw invalidArgument(`JSON Value: ${jsonValueToString(body)} not formatted correctly. 'signature_name' key must be a string value.`);
  }
  return body;
}

function examplesInput(body: Body) {
  const examples = body.examples;
  const context = body.context !== undefined ? exampleFromJson(body.context) : undefined;
  const fail = (what: string) => invalidArgument(`JSON Value: ${jsonValueToString(body)} ${what}`);
  if (examples === undefined) throw fail("When method is classify, key 'examples' is expected and was not found");
  if (!Array.isArray(examples)) throw fail("Expecting 'examples' value to be an list/array");
  if (examples.length === 0) throw fail("'examples' value is an empty array");
  const list = examples.map(exampleFromJson);
  return serializeInputExamples(context === undefined ? { example_list: { examples: list } } : { example_list_with_context: { examples: list, context } });
}

// The REST handler reads the signature's inputs before the request (GetInfoMap), with its own message.
function restSignature(target: InferenceTarget, signatureName: string) {
  const key = signatureName || DEFAULT_SIGNATURE;
  const signature = target.servable.signatures[key];
  if (!signature) throw invalidArgument(`Serving signature name: "${key}" not found in signature def`);
  return signature;
}

async function handle(manager: ModelManager, req: http.IncomingMessage): Promise<object> {
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  const route = matchRoute(req.method ?? "GET", pathname);
  if (!route.verb && !route.metadata) {
    const version = route.spec.label === undefined ? route.spec.version : manager.labelVersion(route.spec.name, route.spec.label);
    return { model_version_status: manager.getStatus(route.spec.name, version).map(versionStatusObject) };
  }
  if (route.metadata) {
    const target = resolveTarget(manager, route.spec);
    return {
      model_spec: { name: target.model, signature_name: "", version: String(target.version) },
      metadata: { signature_def: { signature_def: signatureDefMapJson(target.servable) } },
    };
  }
  const body = await readBody(req);
  const signatureName = (body.signature_name as string | undefined) ?? "";
  if (route.verb === "predict") {
    const target = resolveTarget(manager, route.spec);
    const signature = restSignature(target, signatureName);
    const { format, inputs } = inputsFromJson(body, signature.def.inputs, signatureName);
    return outputsToJson(runPredict(target, signatureName, inputs, []).outputs, format);
  }
  const examples = examplesInput(body);
  const target = resolveTarget(manager, route.spec);
  if (route.verb === "classify") {
    const { classifications } = runClassify(target, signatureName, examples);
    return { results: classifications.map((classes) => classes.map((c) => [c.label, new JsonFloat(c.score, true)])) };
  }
  const { values } = runRegress(target, signatureName, examples);
  return { results: values.map((v) => new JsonFloat(v, true)) };
}

export function createRestServer(manager: ModelManager): http.Server {
  return http.createServer((req, res) => {
    handle(manager, req).then(
      (body) => send(res, 200, body),
      (e: unknown) => {
        const error = toServingError(e);
        send(res, httpStatusForGrpcCode(error.code), { error: error.message });
      },
    );
  });
}

function send(res: http.ServerResponse, status: number, body: object): void {
  const text = stringifyTfsJson(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
