import { notFound } from "@/server/errors";
import type { ConfigCenter, PublishedConfig } from "./config-center";

export interface LongPollPublishedConfigOptions {
  app: string;
  /** Answer only with a release newer than this. */
  revision?: number;
  /** How long to hold when nothing is newer (0/absent: answer at once). */
  waitMs?: number;
  /** The client went away: stop holding. */
  signal?: AbortSignal;
}

/**
 * The long-poll of the config HTTP API (docs/config-center.md): the app's release when it is
 * newer than `revision` (or no revision was given), else the first newer one to arrive within
 * `waitMs`, else "unchanged" (304). An app never published is a 404 at once: there is nothing
 * to hold a request on.
 */
export async function longPollPublishedConfig(center: ConfigCenter, opts: LongPollPublishedConfigOptions): Promise<PublishedConfig | "unchanged"> {
  const now = await longPollAnswerNow(center, opts);
  return now === "wait" ? holdLongPoll(center, { ...opts, revision: opts.revision! }) : now;
}

/**
 * What the long-poll answers at once (the release, or "unchanged" when it is not to wait),
 * else "wait": nothing newer than `revision` yet. A server that holds long-polls its own way
 * (server/http/parked-long-polls.ts) asks this first.
 */
export async function longPollAnswerNow(center: ConfigCenter, opts: LongPollPublishedConfigOptions): Promise<PublishedConfig | "unchanged" | "wait"> {
  const current = await center.read(opts.app);
  if (!current) throw notFound(`${opts.app} has never been published.`, { app: opts.app });
  if (opts.revision === undefined || current.revision > opts.revision) return current;
  if (!opts.waitMs || opts.signal?.aborted) return "unchanged";
  return "wait";
}

function holdLongPoll(center: ConfigCenter, opts: LongPollPublishedConfigOptions & { revision: number }): Promise<PublishedConfig | "unchanged"> {
  const from = opts.revision;
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer: PublishedConfig | "unchanged") => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stop();
      opts.signal?.removeEventListener("abort", onAbort);
      resolve(answer);
    };
    const onAbort = () => finish("unchanged");
    const timer = setTimeout(() => finish("unchanged"), opts.waitMs);
    // The watch reads once more as it starts, so a release delivered between the read above
    // and this line is not missed.
    const stop = center.watch(opts.app, from, (config) => finish(config));
    opts.signal?.addEventListener("abort", onAbort);
  });
}
