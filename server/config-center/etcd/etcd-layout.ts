import { createHash } from "node:crypto";
import type { IKeyValue } from "etcd3";
import type { PublishedConfig } from "@/server/config-center/config-center";
import { AppError } from "@/server/errors";

/**
 * The key layout in etcd, the contract with scoring services in any language (documented for
 * them in docs/config-center.md; sdk/ reads it with its own code):
 *
 *   {prefix}/apps/{app}/solutions          the solutions document, JSON (UTF-8)
 *   {prefix}/apps/{app}/versions/{key}     one version, plain text (`20240105`)
 *   {prefix}/apps/{app}/release            {"releaseId": "...", "contentHash": "sha256:..."}
 *   {prefix}/releases/{app}/{releaseId}    marker of a delivered release (its create_revision
 *                                          is the release's revision); outside apps/ so an
 *                                          app's snapshot stays small
 *
 * Every release rewrites all keys under apps/{app}/ in one transaction, so they all carry the
 * release's mod_revision, and a reader that reads the apps/{app}/ prefix in one request (or at
 * one revision) sees one whole release.
 */
export interface EtcdLayout {
  appPrefix: string;
  solutions: string;
  versionsPrefix: string;
  release: string;
  version(key: string): string;
  marker(releaseId: string): string;
}

const SEGMENT = /^[A-Za-z0-9_.:-]+$/;

export function etcdLayout(prefix: string, app: string): EtcdLayout {
  requireSegment("app", app);
  const appPrefix = `${prefix}/apps/${app}/`;
  return {
    appPrefix,
    solutions: `${appPrefix}solutions`,
    versionsPrefix: `${appPrefix}versions/`,
    release: `${appPrefix}release`,
    version: (key) => `${appPrefix}versions/${requireSegment("version key", key)}`,
    marker: (releaseId) => `${prefix}/releases/${app}/${requireSegment("release id", releaseId)}`,
  };
}

/** App names, version keys and release ids become key path segments: no "/" and no surprises. */
export function requireSegment(what: string, value: string): string {
  if (!SEGMENT.test(value) || value === "." || value === "..") {
    throw new AppError("bad_request", `The ${what} "${value}" cannot be an etcd key segment (letters, digits, _ . : - only)`);
  }
  return value;
}

export interface ReleaseValue {
  releaseId: string;
  contentHash: string;
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
  const byKey = new Map(kvs.map((kv) => [kv.key.toString(), kv]));
  const releaseKv = byKey.get(layout.release);
  const solutionsKv = byKey.get(layout.solutions);
  if (!releaseKv) return null;
  if (!solutionsKv) throw new AppError("bad_gateway", `etcd holds a release of ${app} without its solutions key`);
  const release = JSON.parse(releaseKv.value.toString()) as ReleaseValue;
  const versions: Record<string, string> = {};
  for (const [key, kv] of byKey) {
    if (key.startsWith(layout.versionsPrefix)) versions[key.slice(layout.versionsPrefix.length)] = kv.value.toString();
  }
  return {
    app,
    revision: Number(releaseKv.mod_revision),
    releaseId: release.releaseId,
    document: JSON.parse(solutionsKv.value.toString()) as unknown,
    versions,
  };
}
