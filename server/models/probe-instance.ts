import type { InstanceStatus } from "@/server/contracts/models";
import { isAppError } from "@/server/errors";
import { getTfsClient } from "@/server/tfs/grpc-client";

/**
 * Asks one instance for the state of every version of a model. An instance that does not
 * answer is unhealthy; one that answers "no such model" is healthy and serves no version.
 */
export async function probeInstance(address: string, model: string, timeoutMs = 1500): Promise<InstanceStatus> {
  try {
    const versions = await getTfsClient(address).getModelStatus({ name: model }, { timeoutMs });
    return { address, healthy: true, error: null, versions: [...versions].sort((a, b) => a.version - b.version) };
  } catch (e) {
    if (isAppError(e) && e.status === 404) return { address, healthy: true, error: e.message, versions: [] };
    return { address, healthy: false, error: isAppError(e) ? e.message : String(e), versions: [] };
  }
}
