import type { Db } from "@/db";
import { AppError } from "@/server/errors";
import { listInstances } from "@/server/registry/list-instances";
import { getTfsClient } from "@/server/tfs/grpc-client";
import { genericInstanceError, isInstanceFailure } from "@/server/tfs/instance-errors";
import { formatSignatures } from "./format-signatures";

/** GetModelMetadata from the first registered instance that answers. */
export async function getSignatures(db: Db, opts: { model: string; version?: number }) {
  const instances = await listInstances(db, { model: opts.model });
  return getSignaturesFrom(instances.map((i) => i.address), opts);
}

/** GetModelMetadata from the first of these registered addresses that answers (the scoring runtime's signature port passes its own list). */
export async function getSignaturesFrom(addresses: string[], opts: { model: string; version?: number }) {
  if (addresses.length === 0) throw new AppError("unavailable", `No instance is registered for model ${opts.model}.`, { model: opts.model });
  let last: unknown;
  for (const address of addresses) {
    try {
      const meta = await getTfsClient(address).getModelMetadata({ name: opts.model, version: opts.version }, { timeoutMs: 3000 });
      return { version: meta.model.version, instance: address, text: formatSignatures(meta.signatureDefs), signatureDefs: meta.signatureDefs };
    } catch (e) {
      last = e;
      // A 404 (version not loaded here) is an answer, not an outage: do not try the others.
      if ((e as { status?: number }).status === 404) throw e;
    }
  }
  // The last instance's raw error for admins and the log; a generic one for everyone else.
  throw isInstanceFailure(last) ? genericInstanceError(addresses.at(-1)!, "GetModelMetadata", last, `No instance of model ${opts.model} answered.`) : last;
}
