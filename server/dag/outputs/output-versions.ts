import { outputWritesOf, type DagNode } from "@/server/contracts/dag";
import { maxVersion } from "../graph/compare-versions";

/**
 * What an output node writes to the config center, per its `output.writes` setting:
 * - `own_key`: its own key (the name `{version:KEY}` templates and solution model versions use)
 *   at the newest of its inputs' online versions (with one input, that input's version; with
 *   several, the newest: the same rule a trigger's ready version follows);
 * - `predecessor_keys`: each input's key at that input's online version, as they are;
 * - `both`: the two together (keys cannot clash: keys are unique in a DAG).
 */
export function outputVersions(node: Pick<DagNode, "key" | "output">, inputs: Record<string, string>): Record<string, string> {
  const writes = outputWritesOf(node.output);
  const own: Record<string, string> = {};
  const version = maxVersion(Object.values(inputs));
  if (version !== null) own[node.key] = version;
  if (writes === "own_key") return own;
  if (writes === "predecessor_keys") return { ...inputs };
  return { ...inputs, ...own };
}

/**
 * The one version the canvas and the alerts show for an output node, from what it wrote: its
 * own key when it writes it, else the newest of the versions it wrote.
 */
export function outputHeadline(key: string, versions: Record<string, string>): string | null {
  return versions[key] ?? maxVersion(Object.values(versions));
}
