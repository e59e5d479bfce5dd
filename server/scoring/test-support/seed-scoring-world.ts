import type { Db } from "@/db";
import { SYSTEM } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import { createFeatureTable } from "@/server/feature-tables/create-feature-table";
import { loadFeatureRows } from "@/server/feature-tables/load-feature-rows";
import { publishFgVersion } from "@/server/fg-packages/publish-fg-version";
import { DEMO_FG_PACKAGES } from "@/server/fg/demo";
import { registerInstance } from "@/server/registry/register-instance";

/**
 * A favpush world for trial-scoring tests and the benchmark: the app, its three feature tables
 * with rows for uids 200-259 and goods 100-129 (goods 129 has no vector, on purpose), the
 * demo fg packages, and the dev model server registered for both demo models.
 */
export const WORLD_VERSIONS = { favpush_vec_v2: "20200116", favpush_cf_v5: "20200115", favpush_lr_v1: "20200116", favpush_dnn_v1: "20200116" };
export const USERS: Record<number, number[]> = {};
export const GOODS: Record<number, number[]> = {};
export const MISSING_GOODS = 129;
export const cfScore = (uid: number, goods: number) => ((uid * 7 + goods) % 11) / 2;
const vec = (seed: number) => Array.from({ length: 8 }, (_, i) => Math.round(Math.sin(seed * 13 + i) * 1000) / 2000);
for (let uid = 200; uid < 260; uid++) USERS[uid] = vec(uid);
for (let g = 100; g < 130; g++) GOODS[g] = vec(1000 + g);

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");

export async function seedScoringWorld(
  db: Db,
  opts: { storage: "builtin" | "redis"; connectionId?: string; keyPrefix?: string; modelAddress: string },
): Promise<void> {
  await createApp(db, {
    actor: SYSTEM,
    input: { name: "favpush", bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }, { name: "goods_id", type: "int" }] },
  });
  const table = (name: string, operator: "getKV" | "getKKV", encoding: "float_vector" | "json") =>
    createFeatureTable(db, {
      actor: SYSTEM,
      input: { name, operator, storage: opts.storage, encoding, connectionId: opts.connectionId ?? null, keyPrefix: opts.storage === "redis" ? (opts.keyPrefix ?? "") : "" },
    });
  await table("user_tbl", "getKV", "float_vector");
  await table("goods_tbl", "getKV", "float_vector");
  await table("graph_cf_tbl", "getKKV", "json");
  const load = (t: string, rows: object[]) => loadFeatureRows(db, { actor: SYSTEM, table: t, input: { format: "jsonl", text: jsonl(rows) } });
  await load("user_tbl", Object.entries(USERS).map(([uid, v]) => ({ key: `${uid}|20200116`, value: v })));
  await load("goods_tbl", Object.entries(GOODS).filter(([g]) => Number(g) !== MISSING_GOODS).map(([g, v]) => ({ key: `${g}|20200116`, value: v })));
  await load(
    "graph_cf_tbl",
    Object.keys(USERS).flatMap((u) => Object.keys(GOODS).map((g) => ({ key: `${u}|${g}|20200115`, field: "score", value: cfScore(Number(u), Number(g)) }))),
  );
  for (const p of DEMO_FG_PACKAGES) await publishFgVersion(db, { actor: SYSTEM, input: { className: p.class, version: p.version, package: p.pkg } });
  for (const model of ["favpush_lr", "favpush_dnn"]) await registerInstance(db, { actor: SYSTEM, input: { model, address: opts.modelAddress, ttlSeconds: 3600 } });
}
