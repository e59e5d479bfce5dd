import fs from "node:fs/promises";
import path from "node:path";
import { HALF_PLUS_TWO_RUNNERS, isHalfPlusTwo } from "./half-plus-two";
import { JSON_MODEL_FILE, loadJsonModel } from "./json-model";
import { readSavedModelSignatures } from "./read-saved-model";
import { invalidArgument, notFound } from "./serving-error";
import type { Servable } from "./servable";

export const SAVED_MODEL_FILE = "saved_model.pb";

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/**
 * Read a version folder into a Servable. model.json wins over saved_model.pb; a SavedModel
 * other than half_plus_two is served for its metadata only.
 */
export async function loadServable(versionDir: string): Promise<Servable> {
  const json = await readIfExists(path.join(versionDir, JSON_MODEL_FILE));
  if (json) return loadJsonModel(json.toString("utf8"));

  const pb = await readIfExists(path.join(versionDir, SAVED_MODEL_FILE));
  if (!pb) throw notFound(`Could not find ${JSON_MODEL_FILE} or ${SAVED_MODEL_FILE} in ${versionDir}`);
  const defs = readSavedModelSignatures(pb);
  if (!defs) throw invalidArgument(`${SAVED_MODEL_FILE} in ${versionDir} is not a SavedModel with a 'serve' meta graph`);

  if (isHalfPlusTwo(defs, versionDir)) {
    const signatures = Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, { def, run: HALF_PLUS_TWO_RUNNERS[name] ?? null }]));
    return { kind: "half_plus_two", signatures };
  }
  return {
    kind: "saved_model",
    signatures: Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, { def, run: null }])),
    notExecutableReason: "it is a TensorFlow SavedModel graph, which this dev model server does not execute (of SavedModels it only runs half_plus_two)",
  };
}
