import fs from "node:fs";
import path from "node:path";
import { isUnderRoots, localPartOf, normalizeBasePath } from "@/server/contracts/model-base-path";
import type { ModelConfig } from "@/server/tfs/model-config";
import { invalidArgument } from "./serving-error";

/**
 * Dev server only (--model_roots): a model's local base path must lie inside one of the roots,
 * followed through symbolic links, else the whole config is refused as TF Serving refuses a bad
 * one (INVALID_ARGUMENT, nothing applied). Another file system's URI is not checked.
 */
export function checkModelRoots(config: ModelConfig, roots: readonly string[]): void {
  if (roots.length === 0) return;
  const local = localPartOf(config.basePath);
  if (local === null) return;
  const refuse = () =>
    invalidArgument(`Expected model ${config.name} to have a base path under --model_roots=${roots.join(",")}; got base_path()=${config.basePath}`);
  if (!normalizeBasePath(config.basePath).ok) throw refuse();
  const real = realPathOf(path.resolve(local));
  if (!isUnderRoots(real, roots.map((r) => realPathOf(path.resolve(r))))) throw refuse();
}

/** The path with every symbolic link of its existing part resolved (the rest may not exist yet). */
function realPathOf(p: string): string {
  const missing: string[] = [];
  let at = p;
  for (;;) {
    try {
      return path.join(fs.realpathSync(at), ...missing.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return p;
      missing.push(path.basename(at));
      at = parent;
    }
  }
}
