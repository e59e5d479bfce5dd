import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { featureTables, fgPackages } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import type { CreateFeatureTableInput } from "@/server/contracts/feature-tables";
import { DEMO_DNN_CODE_PACKAGE, DEMO_FG_PACKAGES } from "@/server/fg/demo";
import { publishFgVersion } from "@/server/fg-packages/publish-fg-version";
import { createFeatureTable } from "./create-feature-table";
import { loadFeatureRows } from "./load-feature-rows";

/**
 * The versions under which the demo tables hold rows, per version key of the favpush
 * templates, oldest first. The LAST one is what the demo's version DAG / config center should
 * hold as online; rows exist for the older one too, so rolling a version back still finds data.
 */
export const DEMO_FEATURE_VERSIONS = {
  favpush_vec_v2: ["20200115", "20200116"],
  favpush_cf_v5: ["4", "5"],
} as const;

/** The online version of each demo version key (the last of DEMO_FEATURE_VERSIONS). */
export const DEMO_ONLINE_VERSIONS: Record<keyof typeof DEMO_FEATURE_VERSIONS, string> = {
  favpush_vec_v2: DEMO_FEATURE_VERSIONS.favpush_vec_v2[1],
  favpush_cf_v5: DEMO_FEATURE_VERSIONS.favpush_cf_v5[1],
};

/** uids 1..400 and goods ids 100..399 have rows: 234 and 123 (the articles' example) among them. */
export const DEMO_UIDS = { from: 1, to: 400 } as const;
export const DEMO_GOODS_IDS = { from: 100, to: 399 } as const;
/** Goods per uid that have a graph_cf map; the pair 234|123 always has one. */
const CF_GOODS_PER_UID = 5;
export const VECTOR_DIMS = 8;

const TABLES: CreateFeatureTableInput[] = [
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

/**
 * Demo feature tables with rows for a few hundred uids and goods ids under the demo versions,
 * and the fg versions of the favpush solutions (LRFg@v2, DNNFg@v2 declarative; DNNFg@v3 the same
 * as code), so trial scoring of favpush v1 and v2 runs end to end. Does nothing when user_tbl is
 * already registered.
 */
export async function seedFeatureTablesDemo(db: Db): Promise<void> {
  const [existing] = await db.select({ id: featureTables.id }).from(featureTables).where(eq(featureTables.name, "user_tbl")).limit(1);
  if (existing) return;
  for (const input of TABLES) await createFeatureTable(db, { actor: SYSTEM, input });

  await loadFeatureRows(db, { actor: SYSTEM, table: "user_tbl", input: { format: "jsonl", text: vectorRows(DEMO_UIDS, "u") } });
  await loadFeatureRows(db, { actor: SYSTEM, table: "goods_tbl", input: { format: "jsonl", text: vectorRows(DEMO_GOODS_IDS, "g") } });
  await loadFeatureRows(db, { actor: SYSTEM, table: "graph_cf_tbl", input: { format: "jsonl", text: cfRows() } });

  for (const { class: className, version, pkg } of DEMO_FG_PACKAGES) {
    if (await isPublished(db, className, version)) continue;
    await publishFgVersion(db, { actor: SYSTEM, input: { className, version, description: `The articles' ${simpleName(className)} (declarative)`, package: pkg } });
  }
  if (!(await isPublished(db, "com.xxx.ranking.fg.DNNFg", "v3"))) {
    await publishFgVersion(db, {
      actor: SYSTEM,
      input: {
        className: "com.xxx.ranking.fg.DNNFg",
        version: "v3",
        description: "DNNFg v2 rewritten as code: the same TensorIO, built by a JavaScript build(featureMap)",
        package: DEMO_DNN_CODE_PACKAGE,
      },
    });
  }
}

/** The embedding a demo uid ("u") or goods id ("g") holds at a version: deterministic, 4 decimals. */
export function demoVector(kind: "u" | "g", id: number, version: string): number[] {
  return Array.from({ length: VECTOR_DIMS }, (_, d) => round4(unit(`${kind}:${id}:${version}:${d}`) * 2 - 1));
}

/** The goods ids of a uid that have a graph_cf map. */
export function demoCfGoods(uid: number): number[] {
  const span = DEMO_GOODS_IDS.to - DEMO_GOODS_IDS.from + 1;
  const goods = new Set<number>();
  for (let k = 0; goods.size < CF_GOODS_PER_UID; k++) goods.add(DEMO_GOODS_IDS.from + ((uid * 37 + k * 61) % span));
  if (uid === 234) goods.add(123);
  return [...goods].sort((a, b) => a - b);
}

function vectorRows(range: { from: number; to: number }, kind: "u" | "g"): string {
  const lines: string[] = [];
  for (const version of DEMO_FEATURE_VERSIONS.favpush_vec_v2) {
    for (let id = range.from; id <= range.to; id++) lines.push(JSON.stringify({ key: `${id}|${version}`, value: demoVector(kind, id, version) }));
  }
  return lines.join("\n");
}

function cfRows(): string {
  const lines: string[] = [];
  for (const version of DEMO_FEATURE_VERSIONS.favpush_cf_v5) {
    for (let uid = DEMO_UIDS.from; uid <= DEMO_UIDS.to; uid++) {
      for (const goods of demoCfGoods(uid)) {
        const seed = `cf:${uid}:${goods}:${version}`;
        const fields = { score: round4(unit(seed) * 3), co_clicks: Math.floor(unit(`${seed}:n`) * 50) };
        lines.push(JSON.stringify({ key: `${uid}|${goods}|${version}`, fields }));
      }
    }
  }
  return lines.join("\n");
}

async function isPublished(db: Db, className: string, version: string): Promise<boolean> {
  const rows = await db.select({ version: fgPackages.version }).from(fgPackages).where(eq(fgPackages.className, className));
  return rows.some((r) => r.version === version);
}

function simpleName(className: string): string {
  return className.slice(className.lastIndexOf(".") + 1);
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
