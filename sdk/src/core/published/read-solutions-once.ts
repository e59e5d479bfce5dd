import { deepFreeze } from "./deep-freeze";
import { readSolutions, type AppView } from "./read-solutions";
import { ConfigClientError, type PublishedConfig } from "./types";

const views = new WeakMap<PublishedConfig, AppView | ConfigClientError>();

/**
 * readSolutions, once per frozen config: a release parsed once per process (releaseOfBody) is
 * one frozen object handed to every client of the process, so they share one frozen view of
 * it. A document that cannot be read throws for each client (a new error each, as before).
 * A config that is not frozen (from etcd or the cache file: one client's own) is read as is.
 */
export function readSolutionsOnce(config: PublishedConfig): AppView {
  if (!Object.isFrozen(config)) return readSolutions(config);
  let view = views.get(config);
  if (!view) {
    try {
      view = deepFreeze(readSolutions(config));
    } catch (error) {
      if (!(error instanceof ConfigClientError)) throw error;
      view = error;
    }
    views.set(config, view);
  }
  if (view instanceof ConfigClientError) throw new ConfigClientError(view.code, view.message);
  return view;
}
