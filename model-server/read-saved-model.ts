import { decodeMessage } from "@/server/tfs/load-protos";
import type { SignatureDefObject } from "./servable";

interface SavedModelObject {
  meta_graphs?: Array<{
    meta_info_def?: { tags?: string[] } | null;
    signature_def?: Record<string, SignatureDefObject>;
  }>;
}

/**
 * The signature defs of a saved_model.pb (its "serve" meta graph, the one TF Serving
 * loads), or null if the bytes are not (yet) a complete SavedModel: a file still being
 * written either fails to parse or lacks the serve meta graph.
 */
export function readSavedModelSignatures(bytes: Uint8Array): Record<string, SignatureDefObject> | null {
  let model: SavedModelObject;
  try {
    model = decodeMessage<SavedModelObject>("tensorflow.SavedModel", bytes);
  } catch {
    return null;
  }
  const serve = model.meta_graphs?.find((g) => g.meta_info_def?.tags?.includes("serve"));
  return serve ? (serve.signature_def ?? {}) : null;
}
