import fs from "node:fs";
import path from "node:path";
import type { VersionPolicy } from "@/server/tfs/model-config";

/**
 * What is on disk under a model's base path: one folder per integer version. Like TF
 * Serving, a folder counts as soon as it appears, so publish versions atomically (build the
 * folder elsewhere, then rename it into the base path).
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

/**
 * A fingerprint of everything under a version folder (paths, sizes, modification times): a
 * version whose load failed is tried again once this changes (its files were still being
 * copied, or were fixed).
 */
export function folderStamp(dir: string): string {
  const parts: string[] = [];
  const walk = (at: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(at, { withFileTypes: true });
    } catch {
      parts.push(`${rel}:missing`);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(at, e.name);
      if (e.isDirectory()) walk(full, `${rel}/${e.name}`);
      else {
        try {
          const st = fs.statSync(full);
          parts.push(`${rel}/${e.name}:${st.size}:${st.mtimeMs}`);
        } catch {
          parts.push(`${rel}/${e.name}:gone`);
        }
      }
    }
  };
  walk(dir, "");
  return parts.join("|");
}

/**
 * The versions the policy wants served among the version folders, as TF Serving chooses
 * them: a folder counts as soon as it appears, complete or not (a load of an incomplete one
 * fails).
 */
export function aspiredVersions(policy: VersionPolicy | null, onDisk: Map<number, string>): number[] {
  const p = policy ?? { kind: "latest", numVersions: 1 };
  if (p.kind === "specific") return p.versions.filter((v) => onDisk.has(v));
  const newestFirst = [...onDisk.keys()].sort((a, b) => b - a);
  return p.kind === "all" ? newestFirst : newestFirst.slice(0, p.numVersions);
}
