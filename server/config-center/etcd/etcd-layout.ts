import { createHash } from "node:crypto";
import type { IKeyValue } from "etcd3";
import type { PublishedConfig } from "@/server/config-center/config-center";
import { AppError, withCoreErrorMapped } from "@/server/errors";
import {
  etcdLayout as coreLayout,
  MISSING_SOLUTIONS_KEY,
  parseEtcdSnapshot,
  requireEtcdSegment,
  type EtcdLayout,
} from "@/sdk/src/core/published/etcd-layout";

// The key layout is core's (sdk/src/core/published/etcd-layout.ts), shared with the SDK and the
// scoring runtime that read it; here it throws the console's AppError.
export type { EtcdLayout, EtcdReleaseValue as ReleaseValue } from "@/sdk/src/core/published/etcd-layout";

export function etcdLayout(prefix: string, app: string): EtcdLayout {
  try {
    return coreLayout(prefix, app);
  } catch (e) {
    throw withCoreErrorMapped(e);
  }
}

export function requireSegment(what: string, value: string): string {
  try {
    return requireEtcdSegment(what, value);
  } catch (e) {
    throw withCoreErrorMapped(e);
  }
}

/**
 * sha256 over exactly what a reader gets: the solutions value, then one `key=version` line per
 * version in key order. Lets a reader in any language check it holds the whole release.
 */
export function contentHash(solutionsJson: string, versions: Record<string, string>): string {
  const hash = createHash("sha256").update(solutionsJson);
  for (const key of Object.keys(versions).sort()) hash.update(`\n${key}=${versions[key]}`);
  return `sha256:${hash.digest("hex")}`;
}

/** The release held by a consistent snapshot of apps/{app}/, or null before the first release. */
export function parseSnapshot(app: string, layout: EtcdLayout, kvs: IKeyValue[]): PublishedConfig | null {
  try {
    return parseEtcdSnapshot(app, layout, kvs);
  } catch (e) {
    if (e instanceof Error && e.message === MISSING_SOLUTIONS_KEY) throw new AppError("bad_gateway", `etcd holds a release of ${app} without its solutions key`);
    throw e;
  }
}
