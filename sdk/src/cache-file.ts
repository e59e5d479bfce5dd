import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PublishedConfig } from "./core/published/types";

/**
 * The local copy of the last good configs: `{ format: 1, source, apps: { [app]: config } }`.
 * `source` names the center it came from; a cache of another center is ignored, since its
 * revisions mean nothing to this one.
 */
interface CacheContent {
  format: 1;
  source: string;
  apps: Record<string, PublishedConfig>;
}

export async function readCacheFile(file: string, source: string): Promise<Map<string, PublishedConfig>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw error;
  }
  const content = JSON.parse(text) as Partial<CacheContent>;
  if (content.format !== 1 || content.source !== source || typeof content.apps !== "object" || content.apps === null) {
    throw new Error(`${file} is not a cache of ${source}; ignoring it`);
  }
  return new Map(Object.entries(content.apps));
}

/** Atomic: written beside the target and renamed over it, so a crash never leaves half a file. */
export async function writeCacheFile(file: string, source: string, configs: Iterable<PublishedConfig>): Promise<void> {
  const content: CacheContent = { format: 1, source, apps: {} };
  for (const config of configs) content.apps[config.app] = config;
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(content), "utf8");
  await rename(temporary, file);
}
