import { CoreError } from "../core-error";
import type { PublishedConfig } from "./types";

/**
 * The key layout in etcd, the contract with scoring services in any language (documented for
 * them in docs/config-center.md). The console writes it (server/config-center/etcd/), the SDK and
 * the scoring runtime read it (sdk/src/etcd-source.ts): this file is the one definition.
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

/** Throws CoreError bad_request for an app name that cannot be a key segment. */
export function etcdLayout(prefix: string, app: string): EtcdLayout {
  requireEtcdSegment("app", app);
  const appPrefix = `${prefix}/apps/${app}/`;
  return {
    appPrefix,
    solutions: `${appPrefix}solutions`,
    versionsPrefix: `${appPrefix}versions/`,
    release: `${appPrefix}release`,
    version: (key) => `${appPrefix}versions/${requireEtcdSegment("version key", key)}`,
    marker: (releaseId) => `${prefix}/releases/${app}/${requireEtcdSegment("release id", releaseId)}`,
  };
}

/** App names, version keys and release ids become key path segments: no "/" and no surprises. */
export function requireEtcdSegment(what: string, value: string): string {
  if (!SEGMENT.test(value) || value === "." || value === "..") {
    throw new CoreError("bad_request", `The ${what} "${value}" cannot be an etcd key segment (letters, digits, _ . : - only)`);
  }
  return value;
}

/** The value of the release key. */
export interface EtcdReleaseValue {
  releaseId: string;
  contentHash: string;
}

/** A key-value as etcd clients return it (etcd3's IKeyValue fits). */
export interface EtcdKeyValue {
  key: { toString(): string };
  value: { toString(): string };
  mod_revision: string;
}

/** What parseEtcdSnapshot throws for a release whose solutions key is missing; a JSON value that does not parse throws JSON.parse's SyntaxError. */
export const MISSING_SOLUTIONS_KEY = "the solutions key is missing";

/** The release held by a consistent snapshot of apps/{app}/, or null before the first release. */
export function parseEtcdSnapshot(app: string, layout: EtcdLayout, kvs: readonly EtcdKeyValue[]): PublishedConfig | null {
  const byKey = new Map(kvs.map((kv) => [kv.key.toString(), kv]));
  const releaseKv = byKey.get(layout.release);
  const solutionsKv = byKey.get(layout.solutions);
  if (!releaseKv) return null;
  if (!solutionsKv) throw new Error(MISSING_SOLUTIONS_KEY);
  const release = JSON.parse(releaseKv.value.toString()) as EtcdReleaseValue;
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
