import { grpcStatusName } from "@/server/tfs/status-map";
import { encodeMessage } from "@/server/tfs/load-protos";
import type { VersionRecord } from "./model-manager";
import type { Servable, SignatureDefObject, TensorInfoObject } from "./servable";

/** Model metadata and version status in the shapes both transports answer with. */
export function signatureDefMapAny(servable: Servable): { type_url: string; value: Uint8Array } {
  const signature_def = Object.fromEntries(Object.entries(servable.signatures).map(([name, s]) => [name, s.def]));
  return {
    type_url: "type.googleapis.com/tensorflow.serving.SignatureDefMap",
    value: encodeMessage("tensorflow.serving.SignatureDefMap", { signature_def }),
  };
}

// proto3 JSON with field names kept and defaults printed, as TF Serving's REST API writes it.
function tensorInfoJson(info: TensorInfoObject) {
  return {
    dtype: info.dtype,
    tensor_shape: {
      dim: (info.tensor_shape?.dim ?? []).map((d) => ({ size: String(d.size), name: d.name ?? "" })),
      unknown_rank: info.tensor_shape?.unknown_rank ?? false,
    },
    name: info.name,
  };
}

function signatureDefJson(def: SignatureDefObject) {
  const map = (infos: Record<string, TensorInfoObject>) => Object.fromEntries(Object.entries(infos).map(([k, v]) => [k, tensorInfoJson(v)]));
  // SignatureDef.defaults (field 4) is a map: printed as {} like every unset field.
  return { inputs: map(def.inputs), outputs: map(def.outputs), method_name: def.method_name, defaults: {} };
}

export function signatureDefMapJson(servable: Servable) {
  return Object.fromEntries(Object.entries(servable.signatures).map(([name, s]) => [name, signatureDefJson(s.def)]));
}

/** A tensorflow.serving.ModelVersionStatus object; also its REST JSON form. */
export function versionStatusObject(record: VersionRecord) {
  return {
    version: String(record.version),
    state: record.state,
    status: { error_code: record.error ? grpcStatusName(record.error.code) : "OK", error_message: record.error?.message ?? "" },
  };
}
