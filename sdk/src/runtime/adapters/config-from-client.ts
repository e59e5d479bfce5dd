import { readSolutions } from "../../core/published/read-solutions";
import type { ConfigClient } from "../../core/published/types";
import { ScoringError } from "../scoring-error";
import type { ConfigSourceName, ScoringConfig } from "../types";

/**
 * The runtime's configuration from the SDK's config client (createConfigClient: the console's
 * HTTP long-poll or etcd), held and kept current by it: the published release only, bucketed with
 * the settings it carries.
 */
export function configFromClient(client: Pick<ConfigClient, "getConfig">): (app: string, source: ConfigSourceName) => Promise<ScoringConfig> {
  return async (app, source) => {
    if (source !== "published") throw new ScoringError("bad_request", `a scoring service scores the published configuration, not the ${source}`);
    const config = client.getConfig(app);
    if (!config) throw new ScoringError("unprocessable", `${app} has nothing published in the config center yet`, { app });
    let view;
    try {
      view = readSolutions(config);
    } catch (e) {
      throw new ScoringError("unprocessable", `the published document of ${app} (revision ${config.revision}) is not a solutions document: ${(e as Error).message}`);
    }
    return { app: { name: app, ...view.settings }, solutions: view.solutions, versions: config.versions, source, revision: config.revision };
  };
}
