import { ScoringError } from "./scoring-error";

/** A solution names its model version directly (20200116) or through a version key of the DAG. */
export function resolveModel(model: { name: string; version: string }, versions: Record<string, string>): { name: string; version: number } {
  const raw = /^\d+$/.test(model.version) ? model.version : versions[model.version];
  if (raw === undefined) {
    throw new ScoringError("unprocessable", `model version key "${model.version}" has no published version`, { key: model.version });
  }
  const version = Number(raw);
  if (!Number.isSafeInteger(version) || version <= 0) throw new ScoringError("unprocessable", `version "${raw}" of ${model.version} is not a model version number`);
  return { name: model.name, version };
}
