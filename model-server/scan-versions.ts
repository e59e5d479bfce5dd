import fs from "node:fs";
import path from "node:path";
import type { VersionPolicy } from "@/server/tfs/model-config";
import { JSON_MODEL_FILE } from "./json-model";
import { SAVED_MODEL_FILE } from "./load-servable";
import { readSavedModelSignatures } from "./read-saved-model";

/**
 * What is on disk under a model's base path: one folder per integer version. A version
 * counts only once its model file is complete (it parses), so a folder still being copied
 * is skipped until a later poll.
 */
export function listVersionFolders(basePath: string): Map<number, string> {
  const versions = new Map<number, string>();
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(basePath, { withFileTypes: true });
  } catch {
    return versions; // like TF Serving: a missing base path means "no versions yet"
  }
  for (const e of entries) {
    if (e.isDirectory() && /^\d+$/.test(e.name)) {
      const version = Number(e.name);
      if (Number.isSafeInteger(version) && !versions.has(version)) versions.set(version, e.name);
    }
  }
  return versions;
}

// Parsing is cached per file and (mtime, size), so polling does not re-read unchanged files.
const readiness = new Map<string, { stamp: string; ready: boolean }>();

function fileIsComplete(file: string, parses: (bytes: Buffer) => boolean): boolean | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  const stamp = `${stat.mtimeMs}:${stat.size}`;
  const cached = readiness.get(file);
  if (cached?.stamp === stamp) return cached.ready;
  let ready: boolean;
  try {
    ready = parses(fs.readFileSync(file));
  } catch {
    ready = false;
  }
  readiness.set(file, { stamp, ready });
  return ready;
}

export function isVersionReady(versionDir: string): boolean {
  const json = fileIsComplete(path.join(versionDir, JSON_MODEL_FILE), (b) => {
    JSON.parse(b.toString("utf8"));
    return true;
  });
  if (json !== null) return json;
  return fileIsComplete(path.join(versionDir, SAVED_MODEL_FILE), (b) => readSavedModelSignatures(b) !== null) ?? false;
}

/** The versions the policy wants served, among the complete ones on disk. */
export function aspiredVersions(policy: VersionPolicy | null, onDisk: Map<number, string>, basePath: string): number[] {
  const ready = (v: number) => isVersionReady(path.join(basePath, onDisk.get(v) as string));
  const p = policy ?? { kind: "latest", numVersions: 1 };
  if (p.kind === "specific") return p.versions.filter((v) => onDisk.has(v) && ready(v));
  const newestFirst = [...onDisk.keys()].sort((a, b) => b - a);
  if (p.kind === "all") return newestFirst.filter(ready);
  const chosen: number[] = [];
  for (const v of newestFirst) {
    if (chosen.length >= p.numVersions) break;
    if (ready(v)) chosen.push(v);
  }
  return chosen;
}
