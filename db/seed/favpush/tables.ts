import type { CreateFeatureTableInput } from "@/server/contracts/feature-tables";
import type { FavpushTableName } from "./rows";

/**
 * Where the favpush tables keep their rows: the console's database, or Redis through a registered
 * connection, each table under `<keyPrefix><table>:` (uid and goods keys overlap).
 */
export type FavpushStorage = { storage: "builtin" } | { storage: "redis"; connectionId: string; keyPrefix: string };

const TABLES: (CreateFeatureTableInput & { name: FavpushTableName })[] = [
  {
    name: "user_tbl",
    operator: "getKV",
    storage: "builtin",
    encoding: "float_vector",
    keyDescription: "{uid}|{version:favpush_vec_v2} — uid, then the embedding version",
    owner: "recsys-features",
    description: "User embeddings (8 floats) trained daily; the version is the training date.",
  },
  {
    name: "goods_tbl",
    operator: "getKV",
    storage: "builtin",
    encoding: "float_vector",
    keyDescription: "{goods_id}|{version:favpush_vec_v2} — goods id, then the embedding version",
    owner: "recsys-features",
    description: "Goods embeddings (8 floats), same training run as user_tbl.",
  },
  {
    name: "graph_cf_tbl",
    operator: "getKKV",
    storage: "builtin",
    encoding: "json",
    keyDescription: "{uid}|{goods_id}|{version:favpush_cf_v5} — the pair, then the CF graph version",
    owner: "recsys-graph",
    description: "Collaborative-filtering scores of user/goods pairs: a map with score and co_clicks.",
  },
];

/** The three feature tables favpush's solutions read, on the given storage (built-in by default). */
export function favpushTables(where: FavpushStorage = { storage: "builtin" }): (CreateFeatureTableInput & { name: FavpushTableName })[] {
  if (where.storage === "builtin") return TABLES.map((table) => ({ ...table }));
  return TABLES.map((table) => ({ ...table, storage: "redis", connectionId: where.connectionId, keyPrefix: `${where.keyPrefix}${table.name}:` }));
}
