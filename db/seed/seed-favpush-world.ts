import net from "node:net";
import type { Db } from "@/db";
import { SYSTEM, type Actor } from "@/server/auth/actor";
import { createApp } from "@/server/apps/create-app";
import type { CreateAppInput } from "@/server/contracts/apps";
import { addHookEndpoint } from "@/server/dag/allowlist/add-hook-endpoint";
import { DEMO_HOOK_DESCRIPTION } from "@/server/dag/demo/demo-hook-receiver";
import { saveDag } from "@/server/dag/documents/save-dag";
import { setDataVersion } from "@/server/dag/nodes/set-data-version";
import { createFeatureTable } from "@/server/feature-tables/create-feature-table";
import { loadFeatureRows } from "@/server/feature-tables/load-feature-rows";
import { publishFgVersion } from "@/server/fg-packages/publish-fg-version";
import { createModel } from "@/server/models/create-model";
import { ensureAllowlistEntries } from "@/server/registry/allowlist/ensure-allowlist-entries";
import { hostOfAddress } from "@/server/registry/allowlist/host-allowed";
import { registerInstance } from "@/server/registry/register-instance";
import { requestRelease } from "@/server/releases/request-release";
import { createSampleRequest } from "@/server/samples/create-sample-request";
import { exportSolutions } from "@/server/solutions/export-solutions";
import { getSolutionsDraft } from "@/server/solutions/get-solutions-draft";
import { importSolutions } from "@/server/solutions/import-solutions";
import {
  demoModels,
  FAVPUSH_MODEL_NAMES,
  favpushApp,
  favpushArticleDocument,
  favpushDag,
  favpushDagDataVersions,
  favpushFgVersions,
  favpushRows,
  favpushSampleRequests,
  favpushTables,
  favpushVersions,
  type FavpushStorage,
  type IdRange,
} from "./favpush";

/**
 * The parts of the favpush world, in the order they are written (a later part needs the earlier
 * ones it names):
 * - app: the favpush app (10 buckets on uid);
 * - tables: user_tbl, goods_tbl, graph_cf_tbl (on `storage`);
 * - rows: their rows for uids 1-400 and goods 100-399 under every demo version (needs tables);
 * - fg: LRFg@v2, DNNFg@v2, DNNFg@v3;
 * - models: half_plus_two, favpush_lr, favpush_dnn in the model registry, under `modelsRoot`;
 * - instances: the model server at `modelAddress` registered for favpush_lr and favpush_dnn (its
 *   host put on the instance allow-list first);
 * - solutions: the articles' v1/v2, imported into the draft (needs app, tables);
 * - release: the first release, the solutions and favpushVersions() (needs solutions; seeded
 *   last, and held until verified: docs/verification.md);
 * - dag: the demo DAG, its hooks on the allow-list, and first data versions (needs app);
 * - samples: the sample requests every candidate release is scored on (needs app).
 */
export const FAVPUSH_PARTS = ["app", "tables", "rows", "fg", "models", "instances", "solutions", "release", "dag", "samples"] as const;
export type FavpushPart = (typeof FAVPUSH_PARTS)[number];

/** What `npm start` seeds on an empty data folder. */
export const DEMO_PARTS: readonly FavpushPart[] = ["app", "tables", "rows", "fg", "models", "solutions", "release", "dag", "samples"];

export interface SeedFavpushOptions {
  /** The parts to write; all of DEMO_PARTS when left out. */
  parts?: readonly FavpushPart[];
  /** Fields of the app to change (e.g. bucketCount). */
  app?: Partial<CreateAppInput>;
  /** "rows": only these uids' rows (all goods); the whole FAVPUSH_UIDS by default. */
  uids?: IdRange;
  /** Where the tables keep rows (built-in by default). */
  storage?: FavpushStorage;
  /** "models": the folder holding the model folders (model-server/demo-models or its copy in the data folder). */
  modelsRoot?: string;
  /** "instances": host:port of a model server serving the favpush models. */
  modelAddress?: string;
  /** "dag": the load and validate hook URLs; by default the demo hook receiver's, on a free loopback port. */
  hooks?: { load: string; validate: string };
  actor?: Actor;
}

/**
 * Writes the chosen parts of the favpush world (under `app.name`, favpush by default) into a database without that app, through
 * the same domain operations people use, so everything is audited and validated as usual.
 */
export async function seedFavpushWorld(db: Db, opts: SeedFavpushOptions = {}): Promise<void> {
  const parts = new Set(opts.parts ?? DEMO_PARTS);
  const actor = opts.actor ?? SYSTEM;
  // Another name gives another app shaped like favpush (tests that each want an app of their own).
  const app = opts.app?.name ?? favpushApp().name;
  if (parts.has("app")) await createApp(db, { actor, input: favpushApp(opts.app) });
  if (parts.has("tables")) for (const input of favpushTables(opts.storage)) await createFeatureTable(db, { actor, input });
  if (parts.has("rows")) {
    for (const { name } of favpushTables()) await loadFeatureRows(db, { actor, table: name, input: { format: "jsonl", text: favpushRows(name, opts.uids) } });
  }
  if (parts.has("fg")) for (const input of favpushFgVersions()) await publishFgVersion(db, { actor, input });
  if (parts.has("models")) {
    const root = required(opts.modelsRoot, "modelsRoot", "models");
    // A template string, not path.join: Next's build traces the whole project for a path.join it cannot resolve.
    for (const { folder, ...m } of demoModels()) await createModel(db, { actor, input: { ...m, basePath: `${root.replace(/\/+$/, "")}/${folder}` } });
  }
  if (parts.has("instances")) {
    const address = required(opts.modelAddress, "modelAddress", "instances");
    await ensureAllowlistEntries(db, [{ entry: hostOfAddress(address), description: "favpush demo world's model server" }], actor);
    for (const model of FAVPUSH_MODEL_NAMES) await registerInstance(db, { actor, input: { model, address, ttlSeconds: 3600 } });
  }
  if (parts.has("solutions")) {
    const draft = await getSolutionsDraft(db, app);
    await importSolutions(db, { actor, app, input: { version: draft.version, document: { ...favpushArticleDocument(), app_name: app } } });
  }
  if (parts.has("dag")) await seedDag(db, actor, app, opts.hooks);
  if (parts.has("samples")) for (const input of favpushSampleRequests()) await createSampleRequest(db, { actor, app, input, source: "demo" });
  // Last: the release is held and verified on the samples, through the models (seedDemoRelease
  // in server/bootstrap waits for the dev model server to hold them before it seeds this part).
  if (parts.has("release")) await seedFavpushRelease(db, { actor, app });
}

/** The "release" part: favpush's first release (made without review: held until verified). */
export async function seedFavpushRelease(db: Db, opts: { actor?: Actor; app?: string } = {}): Promise<void> {
  const app = opts.app ?? favpushApp().name;
  await requestRelease(db, {
    actor: opts.actor ?? SYSTEM,
    app,
    comment: "Demo data: favpush's two solutions and the versions the demo tables and models hold",
    change: { document: await exportSolutions(db, app), versions: favpushVersions() },
    automatic: true,
  });
}

async function seedDag(db: Db, actor: Actor, app: string, given?: { load: string; validate: string }): Promise<void> {
  // Without given hooks, the demo hook receiver's: start-dag-runtime.ts starts it on the port of these allow-list entries.
  const port = given ? 0 : await freePort();
  const hooks = given ?? { load: `http://127.0.0.1:${port}/load`, validate: `http://127.0.0.1:${port}/validate` };
  const description = given ? "favpush demo world hooks" : DEMO_HOOK_DESCRIPTION;
  for (const url of new Set(Object.values(hooks))) await addHookEndpoint(db, { actor, input: { url, description } });
  await saveDag(db, { actor, app, input: { version: 0, document: favpushDag(hooks) } });
  for (const { key, version } of favpushDagDataVersions()) await setDataVersion(db, { actor, app, key, input: { version } });
}

function required<T>(value: T | undefined, option: string, part: FavpushPart): T {
  if (value === undefined) throw new Error(`seedFavpushWorld: the part "${part}" needs the option ${option}`);
  return value;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
