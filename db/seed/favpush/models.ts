import type { CreateModelInput } from "@/server/contracts/models";
import { FAVPUSH_MODEL_VERSION } from "./versions";

export type DemoModel = Omit<CreateModelInput, "basePath"> & { folder: string };

/**
 * The models of the demo world, each a folder under model-server/demo-models, and the versions
 * loaded: TF Serving's own test model, and favpush's LR and DNN (model files made by
 * scripts/make-demo-models.ts). A fresh copy on every call.
 */
export function demoModels(): DemoModel[] {
  return [
    { name: "half_plus_two", folder: "half_plus_two", description: "TF Serving's test model: y = 0.5x + 2", policy: { kind: "specific", versions: [123] } },
    { name: "favpush_lr", folder: "favpush_lr", description: "favpush logistic regression (LRFg inputs)", policy: { kind: "specific", versions: [FAVPUSH_MODEL_VERSION] } },
    { name: "favpush_dnn", folder: "favpush_dnn", description: "favpush small MLP (DNNFg inputs)", policy: { kind: "specific", versions: [FAVPUSH_MODEL_VERSION] } },
  ];
}

/** The models favpush's solutions score with. */
export const FAVPUSH_MODEL_NAMES = ["favpush_lr", "favpush_dnn"] as const;
