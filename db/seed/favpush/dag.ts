import type { DagDocument, DagNode, TriggerSettings } from "@/server/contracts/dag";
import { layoutDag } from "@/sdk/src/core/dag/layout-dag";
import { favpushVersions } from "./versions";

/**
 * The demo DAG of favpush (docs/dag.md#demo): three data nodes set by data platforms, loaders
 * and validators called through hooks, and two output nodes writing to the config center the
 * keys the demo solutions use (`{version:favpush_vec_v2}`) and the LR model's version.
 */
export function favpushDag(hooks: { load: string; validate: string }): DagDocument {
  const trigger = (url: string, extra: Partial<TriggerSettings> = {}): TriggerSettings => ({
    hookUrl: url,
    method: "POST",
    headers: {},
    timeoutSeconds: 120,
    retries: 2,
    requiresApproval: false,
    ...extra,
  });
  const day = 86_400;
  const nodes: DagNode[] = [
    { id: "user_vec_data", key: "user_vec_data", kind: "data", description: "User vectors, set by the feature platform", position: { x: 0, y: 0 }, staleAfterSeconds: 2 * day, expiresAfterSeconds: 7 * day },
    { id: "goods_vec_data", key: "goods_vec_data", kind: "data", description: "Goods vectors, set by the feature platform", position: { x: 0, y: 0 }, staleAfterSeconds: 2 * day, expiresAfterSeconds: 7 * day },
    { id: "lr_model_data", key: "lr_model_data", kind: "data", description: "LR model, set by the training platform", position: { x: 0, y: 0 }, staleAfterSeconds: 7 * day },
    { id: "load_user_vec", key: "load_user_vec", kind: "trigger", description: "Loads user vectors into the feature store", position: { x: 0, y: 0 }, trigger: trigger(hooks.load) },
    { id: "load_goods_vec", key: "load_goods_vec", kind: "trigger", description: "Loads goods vectors into the feature store", position: { x: 0, y: 0 }, trigger: trigger(hooks.load) },
    { id: "validate_vec", key: "validate_vec", kind: "trigger", description: "Checks the loaded vectors against a sample", position: { x: 0, y: 0 }, trigger: trigger(hooks.validate) },
    { id: "load_lr_model", key: "load_lr_model", kind: "trigger", description: "Loads the LR model into TF Serving", position: { x: 0, y: 0 }, trigger: trigger(hooks.load) },
    { id: "validate_lr_model", key: "validate_lr_model", kind: "trigger", description: "Scores a golden set; a reviewer approves the promotion", position: { x: 0, y: 0 }, trigger: trigger(hooks.validate, { requiresApproval: true }) },
    { id: "favpush_vec_v2", key: "favpush_vec_v2", kind: "output", description: "Vector version the favpush solutions read", position: { x: 0, y: 0 }, output: { writes: "own_key" } },
    { id: "favpush_lr_v1", key: "favpush_lr_v1", kind: "output", description: "LR model version for the config center", position: { x: 0, y: 0 }, output: { writes: "own_key" } },
  ];
  const edges = [
    ["user_vec_data", "load_user_vec"],
    ["goods_vec_data", "load_goods_vec"],
    ["load_user_vec", "validate_vec"],
    ["load_goods_vec", "validate_vec"],
    ["validate_vec", "favpush_vec_v2"],
    ["lr_model_data", "load_lr_model"],
    ["load_lr_model", "validate_lr_model"],
    ["validate_lr_model", "favpush_lr_v1"],
  ].map(([source, target]) => ({ id: `${source}->${target}`, source: source!, target: target! }));
  return layoutDag({ nodes, edges }, { columnWidth: 270, rowHeight: 165 });
}

/**
 * The first version of each data node: the versions the favpush tables hold rows under and the
 * demo models load, so the output nodes publish what trial scoring finds.
 */
export function favpushDagDataVersions(): { key: string; version: string }[] {
  const v = favpushVersions();
  return [
    { key: "user_vec_data", version: v.favpush_vec_v2 },
    { key: "goods_vec_data", version: v.favpush_vec_v2 },
    { key: "lr_model_data", version: v.favpush_lr_v1 },
  ];
}
