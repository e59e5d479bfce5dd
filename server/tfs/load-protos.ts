import fs from "node:fs";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";

/**
 * The TF Serving protos, parsed once per process. Two views of the same files:
 * - the gRPC service constructors (through @grpc/proto-loader), for clients and servers;
 * - a protobufjs Root, for messages that travel inside bytes rather than as RPC arguments
 *   (a SavedModel file, serialized tf.Examples, the SignatureDefMap packed in an Any).
 */
export const PROTOS_DIR = path.join(process.cwd(), "protos");

const ENTRY_FILES = [
  "tensorflow_serving/apis/prediction_service.proto",
  "tensorflow_serving/apis/model_service.proto",
  "tensorflow/core/protobuf/saved_model.proto",
  "tensorflow_serving/apis/prediction_log.proto",
];

/** The object conversion used on every message we decode, matching the gRPC layer. */
export const OBJECT_OPTIONS: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

export interface TfsProtos {
  PredictionService: grpc.ServiceClientConstructor;
  ModelService: grpc.ServiceClientConstructor;
  root: protobuf.Root;
}

let loaded: TfsProtos | undefined;

export function loadTfsProtos(): TfsProtos {
  if (loaded) return loaded;
  const packageDefinition = protoLoader.loadSync(ENTRY_FILES, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [PROTOS_DIR],
  });
  const grpcObject = grpc.loadPackageDefinition(packageDefinition);
  const serving = (grpcObject.tensorflow as grpc.GrpcObject).serving as grpc.GrpcObject;
  loaded = {
    PredictionService: serving.PredictionService as grpc.ServiceClientConstructor,
    ModelService: serving.ModelService as grpc.ServiceClientConstructor,
    root: loadRoot(),
  };
  return loaded;
}

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  const defaultResolve = root.resolvePath.bind(root);
  // Imports are relative to protos/; anything not there (google/protobuf/*) falls back to
  // protobufjs's bundled well-known types.
  root.resolvePath = (origin, target) => {
    const candidate = path.join(PROTOS_DIR, target);
    return fs.existsSync(candidate) ? candidate : defaultResolve(origin, target);
  };
  root.loadSync(ENTRY_FILES.map((f) => path.join(PROTOS_DIR, f)), { keepCase: true });
  root.resolveAll();
  return root;
}

/** A message type by full name, e.g. "tensorflow.Example". */
export function messageType(fullName: string): protobuf.Type {
  return loadTfsProtos().root.lookupType(fullName);
}

/** Serialize a plain object (snake_case, as the gRPC layer produces) to bytes. */
export function encodeMessage(fullName: string, value: object): Uint8Array {
  const type = messageType(fullName);
  return type.encode(type.fromObject(value)).finish();
}

/** Parse bytes into a plain object with the same conventions as the gRPC layer. */
export function decodeMessage<T>(fullName: string, bytes: Uint8Array): T {
  const type = messageType(fullName);
  return type.toObject(type.decode(bytes), OBJECT_OPTIONS) as T;
}
