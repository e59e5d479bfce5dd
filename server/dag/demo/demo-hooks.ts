import type { Db } from "@/db";
import { FAVPUSH_GOODS_IDS, FAVPUSH_UIDS, favpushVector } from "@/db/seed/favpush/rows";
import { loadServable } from "@/model-server/load-servable";
import type { SystemActor } from "@/server/auth/actor";
import { loadFeatureRows } from "@/server/feature-tables/load-feature-rows";
import { openFeatureStore } from "@/server/feature-tables/open-feature-store";
import { findModelRow } from "@/server/models/get-model";

/** Who the audit log names for the demo loader's row loads. */
const DEMO_LOADER: SystemActor = { type: "system", name: "demo-loader" };

/** A data version the demo's "data platform" never filled: the loader finds no rows for it. */
export const NO_ROWS_MARKER = "norows";

/** What a demo hook answers: success only for what it did, else failure with the reason. */
export type DemoHookOutcome = { ok: true; message: string } | { ok: false; message: string };

/** The demo DAG's vector loaders and the table each loads (db/seed/favpush/dag.ts). */
const VECTOR_LOADS: Record<string, { table: "user_tbl" | "goods_tbl"; kind: "u" | "g"; ids: { from: number; to: number } }> = {
  load_user_vec: { table: "user_tbl", kind: "u", ids: FAVPUSH_UIDS },
  load_goods_vec: { table: "goods_tbl", kind: "g", ids: FAVPUSH_GOODS_IDS },
};
/** The demo DAG's model validators and the model each checks. */
const MODEL_CHECKS: Record<string, string> = { validate_lr_model: "favpush_lr", load_lr_model: "favpush_lr" };

/**
 * The demo hooks do what they claim (docs/verification.md, *Demo hooks*):
 * - a vector loader loads the rows of the data version into its demo table (`<id>|<version>`,
 *   the keys the favpush templates read), or refuses when the version has none (a version
 *   containing "norows" stands for data the platform never wrote);
 * - the vector validator confirms only a version both tables hold rows for;
 * - the model loader and validator confirm only a version the dev model server can load
 *   (its folder under the model's base path holds a model it executes).
 * Any other node is confirmed, as before; a version containing "bad" fails validation.
 */
export async function runDemoHook(db: Db, hook: { node: string; version: string; validating: boolean }): Promise<DemoHookOutcome> {
  const { node, version, validating } = hook;
  if (validating && version.includes("bad")) return { ok: false, message: `validation of ${version} failed: the demo validator refuses versions containing "bad"` };
  const load = VECTOR_LOADS[node];
  if (load) return loadVectors(db, load, version);
  if (node === "validate_vec") return validateVectors(db, version);
  const model = MODEL_CHECKS[node];
  if (model) return checkModelVersion(db, model, version, validating);
  return { ok: true, message: `${validating ? "validated" : "loaded"} ${node} ${version}` };
}

async function loadVectors(db: Db, load: (typeof VECTOR_LOADS)[string], version: string): Promise<DemoHookOutcome> {
  const lines: string[] = [];
  if (!version.includes(NO_ROWS_MARKER)) {
    for (let id = load.ids.from; id <= load.ids.to; id++) lines.push(JSON.stringify({ key: `${id}|${version}`, value: favpushVector(load.kind, id, version) }));
  }
  if (lines.length === 0) return { ok: false, message: `the data version ${version} has no rows for ${load.table}: loaded 0 rows, nothing to promote` };
  const result = await loadFeatureRows(db, { actor: DEMO_LOADER, table: load.table, input: { format: "jsonl", text: lines.join("\n") } });
  return { ok: true, message: `loaded ${result.rows} rows of ${version} into ${load.table}` };
}

async function validateVectors(db: Db, version: string): Promise<DemoHookOutcome> {
  for (const [table, id] of [["user_tbl", FAVPUSH_UIDS.from], ["goods_tbl", FAVPUSH_GOODS_IDS.from]] as const) {
    const store = await openFeatureStore(db, table);
    if ((await store.getKV(`${id}|${version}`)) === null) return { ok: false, message: `validation of ${version} failed: ${table} has no row for ${id}|${version}` };
  }
  return { ok: true, message: `validated ${version}: user_tbl and goods_tbl hold its rows` };
}

async function checkModelVersion(db: Db, model: string, version: string, validating: boolean): Promise<DemoHookOutcome> {
  const verb = validating ? "validation" : "load";
  if (!/^\d+$/.test(version)) return { ok: false, message: `${verb} of ${model} ${version} failed: a model version is a number` };
  const row = await findModelRow(db, model);
  if (!row) return { ok: false, message: `${verb} of ${model} ${version} failed: the console manages no model ${model}` };
  try {
    const servable = await loadServable(`${row.basePath.replace(/\/+$/, "")}/${version}`);
    if (servable.notExecutableReason) return { ok: false, message: `${verb} of ${model} ${version} failed: the dev model server cannot run it (${servable.notExecutableReason})` };
  } catch (e) {
    return { ok: false, message: `${verb} of ${model} ${version} failed: the dev model server cannot load it (${e instanceof Error ? e.message : String(e)})` };
  }
  return { ok: true, message: `${validating ? "validated" : "loaded"} ${model} ${version}: the dev model server can load it` };
}
