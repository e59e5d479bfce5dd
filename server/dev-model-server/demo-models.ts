import fs from "node:fs";
import path from "node:path";
import { demoModels } from "@/db/seed/favpush";

/**
 * The demo models (db/seed) are copied from model-server/demo-models into the data folder once,
 * so people can overwrite a version in place (to try the hot-fix reload) without touching the
 * repository.
 */
export function ensureDemoModelFiles(dataDir: string): string {
  const target = path.join(dataDir, "models");
  const source = path.join(process.cwd(), "model-server", "demo-models");
  for (const m of demoModels()) {
    const dest = path.join(target, m.folder);
    if (!fs.existsSync(dest)) fs.cpSync(path.join(source, m.folder), dest, { recursive: true });
  }
  return target;
}
