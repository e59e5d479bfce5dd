import { maxVersion } from "../graph/compare-versions";

/**
 * What an output node writes to the config center: its own key (the name `{version:KEY}`
 * templates and solution model versions use) at the newest of its inputs' online versions.
 * With one input that is the input's version; with several, the newest, the same rule a
 * trigger's ready version follows.
 */
export function outputVersions(key: string, inputs: Record<string, string>): Record<string, string> {
  const version = maxVersion(Object.values(inputs));
  return version === null ? {} : { [key]: version };
}
