import http from "node:http";
import { httpStatusForGrpcCode } from "@/server/tfs/status-map";
import { JsonFloat, parseTfsJson, stringifyTfsJson } from "@/server/tfs/tfs-json";
import { exampleFromJson, serializeInputExamples } from "./examples";
import { signatureDefMapJson, versionStatusObject } from "./metadata";
import type { ModelManager } from "./model-manager";
import { inputsFromJson, outputsToJson } from "./rest-tensors";
import { findSignature, resolveTarget, runClassify, runPredict, runRegress } from "./run-inference";
import { invalidArgument, notFound, toServingError } from "./serving-error";

/** TF Serving's REST API (model_servers/http_rest_api_handler.cc) over the model manager. */
const ROUTE = /^\/v1\/models\/([^/:]+)(?:\/versions\/(\d+)|\/labels\/([^/:]+))?(?:\/(metadata)|:(predict|classify|regress))?$/;

const MAX_BODY_BYTES = 64 * 1024 * 1024;

interface Route {
  spec: { name: string; version?: number; label?: string };
  metadata: boolean;
  verb: "predict" | "classify" | "regress" | undefined;
}

function matchRoute(method: string, pathname: string): Route {
  const m = ROUTE.exec(pathname);
  const verb = m?.[5] as Route["verb"];
  if (!m || (method === "GET") === Boolean(verb) || (method !== "GET" && method !== "POST")) {
    if (pathname.startsWith("/v1/")) throw invalidArgument(`Malformed request: ${method} ${pathname}`);
    throw notFound(`Not found: ${method} ${pathname}`);
  }
  const name = decodeURIComponent(m[1] as string);
  const spec = m[2] !== undefined ? { name, version: Number(m[2]) } : m[3] !== undefined ? { name, label: decodeURIComponent(m[3]) } : { name };
  return { spec, metadata: m[4] === "metadata", verb };
}

async function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw invalidArgument(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.length === 0) throw invalidArgument("JSON Parse error: The document is empty");
  let body: unknown;
  try {
    body = parseTfsJson(text);
  } catch (e) {
    throw invalidArgument(`JSON Parse error: ${(e as Error).message}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw invalidArgument("JSON Value: (request) Is not object");
  const signatureName = (body as Record<string, unknown>).signature_name;
  if (signatureName !== undefined && typeof signatureName !== "string") {
    throw invalidArgument("JSON Value: (request) not formatted correctly. 'signature_name' key must be a string value.");
  }
  return body as Record<string, unknown>;
}

function examplesInput(body: Record<string, unknown>) {
  const examples = body.examples;
  if (examples === undefined) throw invalidArgument("JSON Value: (request) When method is classify, key 'examples' is expected and was not found");
  if (!Array.isArray(examples)) throw invalidArgument("JSON Value: (request) Expecting 'examples' value to be an list/array");
  if (examples.length === 0) throw invalidArgument("JSON Value: (request) 'examples' value is an empty array");
  const list = examples.map(exampleFromJson);
  return serializeInputExamples(
    body.context === undefined ? { example_list: { examples: list } } : { example_list_with_context: { examples: list, context: exampleFromJson(body.context) } },
  );
}

async function handle(manager: ModelManager, req: http.IncomingMessage): Promise<object> {
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  const route = matchRoute(req.method ?? "GET", pathname);
  if (!route.verb && !route.metadata) {
    const version = route.spec.label === undefined ? route.spec.version : manager.labelVersion(route.spec.name, route.spec.label);
    return { model_version_status: manager.getStatus(route.spec.name, version).map(versionStatusObject) };
  }
  const target = resolveTarget(manager, route.spec);
  if (route.metadata) {
    return {
      model_spec: { name: target.model, signature_name: "", version: String(target.version) },
      metadata: { signature_def: { signature_def: signatureDefMapJson(target.servable) } },
    };
  }
  const body = await readBody(req);
  const signatureName = (body.signature_name as string | undefined) ?? "";
  if (route.verb === "predict") {
    const { signature } = findSignature(target.servable, signatureName);
    const { format, inputs } = inputsFromJson(body, signature.def.inputs);
    return outputsToJson(runPredict(target, signatureName, inputs, []).outputs, format);
  }
  if (route.verb === "classify") {
    const { classifications } = runClassify(target, signatureName, examplesInput(body));
    return { results: classifications.map((classes) => classes.map((c) => [c.label, new JsonFloat(c.score, true)])) };
  }
  const { values } = runRegress(target, signatureName, examplesInput(body));
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
