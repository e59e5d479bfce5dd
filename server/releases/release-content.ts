import { contentHash } from "@/server/config-center/etcd/etcd-layout";
import type { ReleaseContent } from "@/server/contracts/releases";

export type { ReleaseContent } from "@/server/contracts/releases";

/**
 * What a publish request stores: the change it makes. Applied to the latest release when the
 * release is created (at once, or when the request is approved). A rollback replaces the
 * versions whole; a normal publish merges them key by key.
 */
export interface StoredChange {
  document?: unknown;
  versions?: Record<string, string>;
  replaceVersions?: boolean;
  /**
   * With replaceVersions (a rollback): keys whose value is taken from the release the change is
   * applied to, when that release has them (version keys the DAG writes keep their live values).
   */
  keepVersions?: string[];
}

/** What an app holds before its first release: a readable document with no solutions. */
export function emptyContent(app: string): ReleaseContent {
  return { document: { app_name: app, solutions: [] }, versions: {} };
}

export function applyChange(base: ReleaseContent | null, app: string, change: StoredChange): ReleaseContent {
  const start = base ?? emptyContent(app);
  const versions = change.replaceVersions ? { ...(change.versions ?? {}) } : { ...start.versions, ...(change.versions ?? {}) };
  for (const key of change.keepVersions ?? []) {
    if (start.versions[key] !== undefined) versions[key] = start.versions[key];
    else delete versions[key];
  }
  return { document: change.document !== undefined ? change.document : start.document, versions };
}

/**
 * The same hash the etcd center writes in its release key (docs/config-center.md): sha256 over
 * the document's JSON, then one `key=version` line per version in key order.
 */
export function hashContent(content: ReleaseContent): string {
  return contentHash(JSON.stringify(content.document), content.versions);
}

export function sameContent(a: ReleaseContent | null, b: ReleaseContent): boolean {
  return a !== null && hashContent(a) === hashContent(b);
}
