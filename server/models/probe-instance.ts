import type { InstanceStatus } from "@/server/contracts/models";
import { isAppError } from "@/server/errors";
import { getTfsClient } from "@/server/tfs/grpc-client";
import { forgetInstanceFailure, INSTANCE_DID_NOT_ANSWER, isInstanceFailure, logInstanceFailure, rawMessage } from "@/server/tfs/instance-errors";

/**
 * Asks one instance for the state of every version of a model. An instance that does not
 * answer is unhealthy; one that answers "no such model" is healthy and serves no version.
 * An unhealthy instance's `error` is generic; the raw one is `detail` (the server log has it
 * too), which callers keep for admins only (withoutDetail).
 */
export async function probeInstance(address: string, model: string, timeoutMs = 1500): Promise<InstanceStatus> {
  try {
    const versions = await getTfsClient(address).getModelStatus({ name: model }, { timeoutMs });
    forgetInstanceFailure(address);
    return { address, healthy: true, error: null, detail: null, versions: [...versions].sort((a, b) => a.version - b.version) };
  } catch (e) {
    if (isAppError(e) && e.status === 404) return { address, healthy: true, error: e.message, detail: null, versions: [] };
    if (!isInstanceFailure(e)) return { address, healthy: false, error: rawMessage(e), detail: null, versions: [] };
    logInstanceFailure(address, "GetModelStatus", e);
    return { address, healthy: false, error: INSTANCE_DID_NOT_ANSWER, detail: rawMessage(e), versions: [] };
  }
}

/** The statuses as a caller who is not an admin sees them: without the raw errors. */
export function withoutDetail(statuses: InstanceStatus[], reveal: boolean): InstanceStatus[] {
  return reveal ? statuses : statuses.map((s) => ({ ...s, detail: null }));
}
