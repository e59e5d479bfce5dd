import { FAVPUSH_FEATURE_VERSIONS } from "./versions";

/** uids 1..400 and goods ids 100..399 have rows: 234 and 123 (the articles' example) among them. */
export const FAVPUSH_UIDS = { from: 1, to: 400 } as const;
export const FAVPUSH_GOODS_IDS = { from: 100, to: 399 } as const;
/** A goods id with no vector under any version, for "feature not found" cases. */
export const FAVPUSH_MISSING_GOODS_ID = FAVPUSH_GOODS_IDS.to + 1;
export const FAVPUSH_VECTOR_DIMS = 8;
/** Goods per uid that have a graph_cf map; the pair 234|123 always has one. */
const CF_GOODS_PER_UID = 5;

export type FavpushTableName = "user_tbl" | "goods_tbl" | "graph_cf_tbl";

/** The embedding a uid ("u", user_tbl) or goods id ("g", goods_tbl) holds at a version: deterministic, 4 decimals. */
export function favpushVector(kind: "u" | "g", id: number, version: string): number[] {
  return Array.from({ length: FAVPUSH_VECTOR_DIMS }, (_, d) => round4(unit(`${kind}:${id}:${version}:${d}`) * 2 - 1));
}

/** The goods ids of a uid that have a graph_cf map. */
export function favpushCfGoods(uid: number): number[] {
  const span = FAVPUSH_GOODS_IDS.to - FAVPUSH_GOODS_IDS.from + 1;
  const goods = new Set<number>();
  for (let k = 0; goods.size < CF_GOODS_PER_UID; k++) goods.add(FAVPUSH_GOODS_IDS.from + ((uid * 37 + k * 61) % span));
  if (uid === 234) goods.add(123);
  return [...goods].sort((a, b) => a - b);
}

/** The graph_cf map of a pair at a version, or null when the pair has none. */
export function favpushCf(uid: number, goodsId: number, version: string): { score: number; co_clicks: number } | null {
  if (uid < FAVPUSH_UIDS.from || uid > FAVPUSH_UIDS.to || !favpushCfGoods(uid).includes(goodsId)) return null;
  const seed = `cf:${uid}:${goodsId}:${version}`;
  return { score: round4(unit(seed) * 3), co_clicks: Math.floor(unit(`${seed}:n`) * 50) };
}

export interface IdRange {
  from: number;
  to: number;
}

/**
 * The rows of a favpush table under every version of FAVPUSH_FEATURE_VERSIONS, as JSON lines for
 * loadFeatureRows. `uids` narrows user_tbl and graph_cf_tbl to part of FAVPUSH_UIDS (fewer rows
 * load faster); the values stay what the whole world holds.
 */
export function favpushRows(table: FavpushTableName, uids: IdRange = FAVPUSH_UIDS): string {
  if (uids.from < FAVPUSH_UIDS.from || uids.to > FAVPUSH_UIDS.to) throw new Error(`favpush has uids ${FAVPUSH_UIDS.from}-${FAVPUSH_UIDS.to}`);
  const lines: string[] = [];
  if (table === "graph_cf_tbl") {
    for (const version of FAVPUSH_FEATURE_VERSIONS.favpush_cf_v5) {
      for (let uid = uids.from; uid <= uids.to; uid++) {
        for (const goods of favpushCfGoods(uid)) lines.push(JSON.stringify({ key: `${uid}|${goods}|${version}`, fields: favpushCf(uid, goods, version) }));
      }
    }
    return lines.join("\n");
  }
  const [kind, range] = table === "user_tbl" ? (["u", uids] as const) : (["g", FAVPUSH_GOODS_IDS] as const);
  for (const version of FAVPUSH_FEATURE_VERSIONS.favpush_vec_v2) {
    for (let id = range.from; id <= range.to; id++) lines.push(JSON.stringify({ key: `${id}|${version}`, value: favpushVector(kind, id, version) }));
  }
  return lines.join("\n");
}

/** FNV-1a of the text, as a number in [0, 1): stable across runs and machines. */
function unit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x100000000;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
