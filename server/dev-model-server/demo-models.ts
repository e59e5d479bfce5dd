import fs from "node:fs";
import path from "node:path";
import type { CreateModelInput } from "@/server/contracts/models";

/** The models of the demo, their folders under model-server/demo-models and what is loaded. */
export const DEMO_MODELS: (Omit<CreateModelInput, "basePath"> & { folder: string })[] = [
  { name: "half_plus_two", folder: "half_plus_two", description: "TF Serving's test model: y = 0.5x + 2", policy: { kind: "specific", versions: [123] } },
  { name: "favpush_lr", folder: "favpush_lr", description: "favpush logistic regression (LRFg inputs)", policy: { kind: "specific", versions: [20200116] } },
  { name: "favpush_dnn", folder: "favpush_dnn", description: "favpush small MLP (DNNFg inputs)", policy: { kind: "specific", versions: [20200116] } },
];

/**
 * The models are copied into the data folder once, so people can overwrite a version in
 * place (to try the hot-fix reload) without touching the repository.
 */
export function ensureDemoModelFiles(dataDir: string): string {
  const target = path.join(dataDir, "models");
  const source = path.join(process.cwd(), "model-server", "demo-models");
  for (const m of DEMO_MODELS) {
    const dest = path.join(target, m.folder);
    if (!fs.existsSync(dest)) fs.cpSync(path.join(source, m.folder), dest, { recursive: true });
  }
  return target;
}
