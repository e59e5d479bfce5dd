import type { Etcd3 } from "etcd3";
import type { PublishedConfig } from "@/server/config-center/config-center";
import { etcdLayout, parseSnapshot } from "./etcd-layout";
import { withEtcd } from "./with-etcd";

export interface EtcdSnapshot {
  config: PublishedConfig | null;
  /** The store revision the snapshot was read at (>= config.revision). */
  storeRevision: number;
}

/**
 * The app's current release (or the one in force at `atRevision`) from ONE range request,
 * which etcd answers from a single revision: never half of a release.
 */
export async function readEtcdApp(client: Etcd3, prefix: string, app: string, atRevision?: number): Promise<EtcdSnapshot> {
  const layout = etcdLayout(prefix, app);
  const range = client.getAll().prefix(layout.appPrefix);
  if (atRevision !== undefined) range.revision(atRevision);
  const response = await withEtcd("read", () => range.exec());
  return { config: parseSnapshot(app, layout, response.kvs), storeRevision: Number(response.header.revision) };
}
