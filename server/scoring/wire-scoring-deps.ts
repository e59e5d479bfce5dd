import type { Db } from "@/db";
import type { FgPackage } from "@/server/contracts/fg";
import { getApp } from "@/server/apps/get-app";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { getConfigCenter } from "@/server/config-center/get-config-center";
import { unprocessable } from "@/server/errors";
import { openFeatureStore } from "@/server/feature-tables/open-feature-store";
import { resolveFgPackage } from "@/server/fg-packages/get-fg-version";
import { listInstances } from "@/server/registry/list-instances";
import { getSolutionsDraft } from "@/server/solutions/get-solutions-draft";
import { parseSolutionsDocument } from "@/server/solutions/parse-solutions-document";
import { readPublishedConfig } from "./published-config-cache";
import type { ScoringConfig, ScoringDeps } from "./scoring-types";

/**
 * The console's production wiring of the scoring pipeline. The published configuration and the
 * version keys come from the config center, held and watched as a scoring service holds them,
 * never from the console's own release table; instance addresses come from the model registry only.
 */
const fgCaches = new WeakMap<Db, Map<string, FgPackage>>();

export function wireScoringDeps(db: Db, center?: ConfigCenter): ScoringDeps {
  const centerOf = async () => center ?? (await getConfigCenter());
  const fgCache = fgCaches.get(db) ?? new Map<string, FgPackage>();
  fgCaches.set(db, fgCache);
  return {
    loadConfig: async (app, source) => loadConfig(db, await centerOf(), app, source),
    openStore: (table) => openFeatureStore(db, table),
    resolveFg: async (className, version) => {
      // Published fg versions are immutable, so a found package never goes stale; a miss is not kept.
      const key = `${className}@${version}`;
      const hit = fgCache.get(key);
      if (hit) return hit;
      const pkg = await resolveFgPackage(db, className, version);
      if (pkg) fgCache.set(key, pkg);
      return pkg;
    },
    instances: async (model) => (await listInstances(db, { model })).map((i) => i.address),
  };
}

async function loadConfig(db: Db, center: ConfigCenter, appName: string, source: "published" | "draft"): Promise<ScoringConfig> {
  const app = await getApp(db, appName);
  const appInfo = { name: app.name, bucketCount: app.bucketCount, hashKey: app.hashKey, salt: app.salt };
  const published = await readPublishedConfig(center, app.name);
  // Versions only ever come from the center: a draft names version keys, the DAG makes them online.
  const versions = published?.versions ?? {};
  if (source === "draft") {
    const draft = await getSolutionsDraft(db, app.name);
    return { app: appInfo, solutions: draft.solutions, versions, source, revision: published?.revision ?? null };
  }
  if (!published) {
    throw unprocessable(`${app.name} has nothing published in the config center yet: publish a release, or score the draft`, { app: app.name });
  }
  let solutions;
  try {
    solutions = parseSolutionsDocument(published.document).solutions;
  } catch (e) {
    throw unprocessable(`the published document of ${app.name} (revision ${published.revision}) is not a solutions document: ${(e as Error).message}`);
  }
  return { app: appInfo, solutions, versions, source, revision: published.revision };
}
