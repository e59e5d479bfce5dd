import type { Etcd3, IKeyValue } from "etcd3";
import { AppError } from "@/server/errors";
import { contentHash, etcdLayout, requireSegment, type ReleaseValue } from "./etcd-layout";
import { withEtcd } from "./with-etcd";

export interface ReleaseInput {
  app: string;
  releaseId: string;
  document: unknown;
  versions: Record<string, string>;
}

/** Concurrent publishers of one app retry this often before giving up with a conflict. */
const MAX_ATTEMPTS = 5;

/** The limits of one etcd transaction, as the etcd server is configured (defaults: etcd's). */
export interface EtcdLimits {
  /** etcd's --max-txn-ops. */
  maxTxnOps: number;
  /** etcd's --max-request-bytes. */
  maxRequestBytes: number;
}

/** What one operation costs in a request beyond its key and value bytes (protobuf framing), rounded up. */
const OPERATION_OVERHEAD_BYTES = 32;

/**
 * Writes a release in ONE transaction: the solutions key, every version key (keys of the
 * previous release that are gone are deleted), the release key and the release-id marker.
 * The transaction only commits when the marker does not exist yet (idempotent by releaseId:
 * a redelivered release returns the marker's create_revision, the first publish's revision)
 * and the release key is still at the revision read before (the set of version keys to
 * delete is still right).
 */
export async function publishEtcdRelease(
  client: Etcd3,
  prefix: string,
  input: ReleaseInput,
  limits: EtcdLimits,
): Promise<{ revision: number; alreadyPublished: boolean }> {
  const { maxTxnOps, maxRequestBytes } = limits;
  const layout = etcdLayout(prefix, input.app);
  const marker = layout.marker(input.releaseId);
  for (const [key, version] of Object.entries(input.versions)) {
    requireSegment("version key", key);
    if (typeof version !== "string" || version.length === 0) {
      throw new AppError("bad_request", `Version of ${key} must be a non-empty string`);
    }
  }
  const solutionsJson = JSON.stringify(input.document) as string | undefined;
  if (solutionsJson === undefined) throw new AppError("bad_request", "The solutions document must be JSON");
  const release: ReleaseValue = { releaseId: input.releaseId, contentHash: contentHash(solutionsJson, input.versions) };

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await withEtcd("read before publish", () => client.getAll().prefix(layout.appPrefix).exec());
    const releaseRevision = current.kvs.find((kv) => kv.key.toString() === layout.release)?.mod_revision ?? "0";
    const gone = current.kvs
      .map((kv) => kv.key.toString())
      .filter((key) => key.startsWith(layout.versionsPrefix))
      .filter((key) => !Object.hasOwn(input.versions, key.slice(layout.versionsPrefix.length)));
    // solutions + release + marker + one put per version + one delete per version that left.
    const operations = 3 + Object.keys(input.versions).length + gone.length;
    if (operations > maxTxnOps) {
      throw new AppError(
        "unprocessable",
        `A release of ${input.app} needs ${operations} operations in one etcd transaction; etcd allows ${maxTxnOps} (raise etcd's --max-txn-ops and the console's setting together)`,
      );
    }

    // Refused here rather than by etcd: above its gRPC limit (max-request-bytes + 512 KiB) the
    // client retries the call and trips its circuit breaker, so etcd would look down for a while.
    const puts: [string, string][] = [
      [layout.solutions, solutionsJson],
      ...Object.entries(input.versions).map(([key, version]): [string, string] => [layout.version(key), version]),
      [layout.release, JSON.stringify(release)],
      [marker, JSON.stringify({ releaseId: input.releaseId })],
    ];
    const requestBytes =
      puts.reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value) + OPERATION_OVERHEAD_BYTES, 0) +
      gone.reduce((sum, key) => sum + Buffer.byteLength(key) + OPERATION_OVERHEAD_BYTES, 0) +
      Buffer.byteLength(marker) + Buffer.byteLength(layout.release) + 2 * OPERATION_OVERHEAD_BYTES;
    if (requestBytes > maxRequestBytes) {
      throw new AppError(
        "unprocessable",
        `A release of ${input.app} needs about ${requestBytes} bytes in one etcd request; etcd accepts ${maxRequestBytes} (make the solutions document smaller, or raise etcd's --max-request-bytes and the console's setting together)`,
      );
    }

    const result = await withEtcd("publish", () =>
      client
        .if(marker, "Create", "==", 0)
        .and(layout.release, "Mod", "==", releaseRevision)
        .then(
          client.put(layout.solutions).value(solutionsJson),
          ...Object.entries(input.versions).map(([key, version]) => client.put(layout.version(key)).value(version)),
          ...gone.map((key) => client.delete().key(key)),
          client.put(layout.release).value(JSON.stringify(release)),
          client.put(marker).value(JSON.stringify({ releaseId: input.releaseId })),
        )
        .else(client.get(marker))
        .commit(),
    );
    if (result.succeeded) return { revision: Number(result.header.revision), alreadyPublished: false };
    const existing: IKeyValue | undefined = result.responses[0]?.response_range.kvs[0];
    if (existing) return { revision: Number(existing.create_revision), alreadyPublished: true };
    // Another publisher of this app committed between our read and our transaction: read again.
  }
  throw new AppError("conflict", `Publishing ${input.app} kept racing with other publishers; try again`);
}
