import type { ConfigCenter, PublishedConfig } from "@/server/config-center/config-center";

interface Entry {
  config: PublishedConfig | null;
  ready: Promise<void>;
}

const caches = new WeakMap<ConfigCenter, Map<string, Entry>>();

/**
 * An app's published config as a scoring service holds it: read once, then kept current by the
 * center's watch (a change arrives within the center's delivery latency, about a millisecond
 * in-process). Trial scoring then costs no config-center round trip per request. A failed first
 * read is not kept, so the next trial tries again. (The config HTTP API answers its clients with
 * longPollPublishedConfig, which reads the center on every request.)
 */
export async function readWatchedPublishedConfig(center: ConfigCenter, app: string): Promise<PublishedConfig | null> {
  let byApp = caches.get(center);
  if (!byApp) {
    byApp = new Map();
    caches.set(center, byApp);
  }
  let entry = byApp.get(app);
  if (!entry) {
    const created: Entry = { config: null, ready: Promise.resolve() };
    created.ready = center.read(app).then(
      (config) => {
        created.config = config;
        center.watch(app, config?.revision ?? 0, (next) => {
          if (!created.config || next.revision > created.config.revision) created.config = next;
        });
      },
      (error: unknown) => {
        byApp.delete(app);
        throw error;
      },
    );
    byApp.set(app, created);
    entry = created;
  }
  await entry.ready;
  return entry.config;
}
