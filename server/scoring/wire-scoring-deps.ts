import type { Db } from "@/db";
import type { FgPackage } from "@/server/contracts/fg";
import { getApp } from "@/server/apps/get-app";
import type { ConfigCenter, PublishedConfig } from "@/server/config-center/config-center";
import type { Solution } from "@/server/contracts/solutions";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { badRequest, unprocessable } from "@/server/errors";
import type { ConfigSourceName } from "@/server/contracts/scoring";
import { openFeatureStore } from "@/server/feature-tables/open-feature-store";
import { resolveFgPackage } from "@/server/fg-packages/get-fg-version";
import { listInstances } from "@/server/registry/list-instances";
import { getSolutionsDraft } from "@/server/solutions/get-solutions-draft";
import { parseSolutionsDocument } from "@/server/solutions/parse-solutions-document";
import type { FeatureStore } from "@/server/feature-tables/stores/feature-store";
import { LookupCache } from "./lookup-cache";
import { readWatchedPublishedConfig } from "./published-config-cache";
import type { ScoringConfig, ScoringDeps } from "./scoring-types";

/**
 * How long a trial reuses what it looked up about an app, a feature table's registration and a
 * model's registered instances. A change to any of them reaches trials within this time; per
 * request they would cost several database round trips, more than the rest of the console's work.
 */
export const METADATA_TTL_MS = 1000;

interface Caches {
  apps: LookupCache<AppInfo>;
  stores: LookupCache<FeatureStore>;
  instances: LookupCache<string[]>;
  fg: Map<string, FgPackage>;
}
type AppInfo = ScoringConfig["app"];
const cachesByDb = new WeakMap<Db, Caches>();
/** A published config object is immutable (a change brings a new one), so its parse is kept with it. */
const parsedDocuments = new WeakMap<PublishedConfig, { solutions: Solution[]; app: AppInfo | null }>();

function cachesOf(db: Db): Caches {
  let c = cachesByDb.get(db);
  if (!c) {
    c = { apps: new LookupCache(METADATA_TTL_MS), stores: new LookupCache(METADATA_TTL_MS), instances: new LookupCache(METADATA_TTL_MS), fg: new Map() };
    cachesByDb.set(db, c);
  }
  return c;
}

/**
 * The console's production wiring of the scoring pipeline. The published configuration and the
 * version keys come from the config center, held and watched as a scoring service holds them,
 * never from the console's own release table; instance addresses come from the model registry only.
 */
export function wireScoringDeps(db: Db, center?: ConfigCenter): ScoringDeps {
  const centerOf = async () => center ?? (await getConfigCenter());
  const caches = cachesOf(db);
  return {
    loadConfig: async (app, source) => loadConfig(db, caches, await centerOf(), app, source),
    openStore: (table) => caches.stores.get(table, () => openFeatureStore(db, table)),
    resolveFg: async (className, version) => {
      // Published fg versions are immutable, so a found package never goes stale; a miss is not kept.
      const key = `${className}@${version}`;
      const hit = caches.fg.get(key);
      if (hit) return hit;
      const pkg = await resolveFgPackage(db, className, version);
      if (pkg) caches.fg.set(key, pkg);
      return pkg;
    },
    instances: (model) => caches.instances.get(model, async () => (await listInstances(db, { model })).map((i) => i.address)),
  };
}

async function loadConfig(db: Db, caches: Caches, center: ConfigCenter, appName: string, source: ConfigSourceName): Promise<ScoringConfig> {
  // A request's candidate depends on who asks (may they see it?): score-trial.ts wires it per trial.
  if (source === "change-request") throw badRequest("A change request's configuration is loaded by the trial that names it.");
  const appInfo = await caches.apps.get(appName, async () => {
    const app = await getApp(db, appName);
    return { name: app.name, bucketCount: app.bucketCount, hashKey: app.hashKey, salt: app.salt };
  });
  const app = appInfo;
  const published = await readWatchedPublishedConfig(center, app.name);
  // Versions only ever come from the center: a draft names version keys, the DAG makes them online.
  const versions = published?.versions ?? {};
  if (source === "draft") {
    const draft = await getSolutionsDraft(db, app.name);
    return { app: appInfo, solutions: draft.solutions, versions, source, revision: published?.revision ?? null };
  }
  if (!published) {
    throw unprocessable(`${app.name} has nothing published in the config center yet: publish a release, or score the draft`, { app: app.name });
  }
  let parsed = parsedDocuments.get(published);
  try {
    if (!parsed) {
      const doc = parseSolutionsDocument(published.document);
      const s = doc.settings;
      parsed = { solutions: doc.solutions, app: s ? { name: app.name, bucketCount: s.bucket_count, hashKey: s.hash_key, salt: s.salt } : null };
      parsedDocuments.set(published, parsed);
    }
  } catch (e) {
    throw unprocessable(`the published document of ${app.name} (revision ${published.revision}) is not a solutions document: ${(e as Error).message}`);
  }
  // Bucket as a scoring service reading this release does: with the settings it carries, which
  // differ from the app's current ones between a settings change and the next release.
  return { app: parsed.app ?? appInfo, solutions: parsed.solutions, versions, source, revision: published.revision };
}
