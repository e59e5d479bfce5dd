import type { ServerResponse } from "node:http";
import type { ConfigCenter, PublishedConfig } from "@/server/config-center/config-center";
import { logError } from "@/server/log/loggable-error";
import { withHsts } from "./handle";
import { wireOf, writeWire, type WireAnswer } from "./node-answer";
import { ownResponseOf } from "./shared-body";

/** What the config long-poll answers: a release newer than the client's, or nothing newer (304). */
export type LongPollAnswer = PublishedConfig | "unchanged";

export interface ParkOptions {
  center: ConfigCenter;
  app: string;
  /** Answer with a release newer than this. */
  from: number;
  waitMs: number;
  /** The route's answer (the same for every long-poll of the app): built once per release. */
  respond: (answer: LongPollAnswer) => Response;
}

/**
 * Long-polls of the config API that our own server holds itself (node-route.ts), not as one
 * pending promise each. A release wakes every long-poll of its app: per parked long-poll a
 * watch, a promise, an abort signal, a timer and, at the wake, a Response and the promise steps
 * of handle() were most of the console's work and of its garbage (the parked ones live long
 * enough to be promoted) in bench/config-center-fanout.ts. Here a parked long-poll is one small
 * object in its app's set and in a deadline queue; the app has one watch; a release's answer
 * (headers and JSON bytes) is built once and written to every long-poll it wakes, in slices of
 * WAKE_SLICE per turn of the event loop so other requests are served between them.
 *
 * Authentication, scopes and parsing ran in handle() when the long-poll came in: the answer
 * at the wake is the one the route would have given then (as when the route holds the
 * request itself, a token revoked meanwhile still gets the release it waited for).
 */

/** Long-polls answered per turn of the event loop when a release wakes them. */
export const WAKE_SLICE = 500;

class ParkedPoll {
  constructor(
    public res: ServerResponse | null,
    public group: AppGroup | null,
    public readonly from: number,
    public readonly deadline: number,
  ) {}
}

/** The long-polls of one app on one center, and the one watch that wakes them. */
interface AppGroup {
  center: ConfigCenter;
  app: string;
  /** Revision the watch started from: it delivers every release after it, in order. */
  watchFrom: number;
  polls: Set<ParkedPoll>;
  /** Newest release the watch delivered. */
  latest: PublishedConfig | null;
  respond: ParkOptions["respond"];
  wires: WeakMap<PublishedConfig, WireAnswer>;
  unchanged: WireAnswer | null;
  stop: () => void;
}

const groups = new WeakMap<ConfigCenter, Map<string, AppGroup>>();
/** The route's answer once a long-poll is parked: our server writes nothing more for now. */
const PARKED = new Response(null, { status: 304 });
const POLL = Symbol("parked long-poll");
type WithPoll = ServerResponse & { [POLL]?: ParkedPoll };
let parkedCount = 0;

/** True for the Response parkLongPoll gives: the request is held, nothing to write yet. */
export function isParked(response: Response): boolean {
  return response === PARKED;
}

/** Long-polls parked now, in this process. */
export function parkedLongPolls(): number {
  return parkedCount;
}

/**
 * Parks the long-poll `req` (nothing newer than `from` now) until a release newer than `from`
 * (answered with it), `waitMs` (304) or its client leaving. Null when `req` is not served by
 * our own server, or when its revision is older than the one its app's watch started from (a
 * client far behind): the route then holds it itself. Otherwise a Response standing for "held"
 * (isParked) or, when a release newer than `from` came in meanwhile, the answer.
 */
export function parkLongPoll(req: Request, options: ParkOptions): Response | null {
  const res = ownResponseOf(req);
  if (!res) return null;
  if (res.destroyed) return options.respond("unchanged");
  let byApp = groups.get(options.center);
  if (!byApp) groups.set(options.center, (byApp = new Map()));
  let group = byApp.get(options.app);
  group ??= openGroup(options, byApp);
  if (group.latest && group.latest.revision > options.from) {
    // Published between the route's read and now (or told by a watch as it started).
    const latest = group.latest;
    dropIfEmpty(group);
    return options.respond(latest);
  }
  if (options.from < group.watchFrom) return null;
  const poll = new ParkedPoll(res, group, options.from, performance.now() + options.waitMs);
  group.polls.add(poll);
  parkedCount++;
  (res as WithPoll)[POLL] = poll;
  res.on("close", onClose);
  deadlines.add(poll, options.waitMs);
  return PARKED;
}

function openGroup(options: ParkOptions, byApp: Map<string, AppGroup>): AppGroup {
  const group: AppGroup = {
    center: options.center,
    app: options.app,
    watchFrom: options.from,
    polls: new Set(),
    latest: null,
    respond: options.respond,
    wires: new WeakMap(),
    unchanged: null,
    stop: () => undefined,
  };
  byApp.set(options.app, group);
  // The watch reads once more as it starts: a release accepted since the route's read is not missed.
  group.stop = options.center.watch(options.app, options.from, (config) => {
    if (!group.latest || config.revision > group.latest.revision) group.latest = config;
    wake(group, config);
  });
  return group;
}

function onClose(this: WithPoll) {
  const poll = this[POLL];
  if (poll) leave(poll);
}

/** The poll is answered or gone: it holds nothing any more (its deadline entry stays until due). */
function leave(poll: ParkedPoll): ServerResponse | null {
  const { res, group } = poll;
  if (!res || !group) return null;
  poll.res = null;
  poll.group = null;
  (res as WithPoll)[POLL] = undefined;
  parkedCount--;
  group.polls.delete(poll);
  // Every long-poll of the app re-polls after its answer: the next group starts from there.
  dropIfEmpty(group);
  return res;
}

function dropIfEmpty(group: AppGroup): void {
  if (group.polls.size > 0) return;
  const byApp = groups.get(group.center);
  if (byApp?.get(group.app) === group) byApp.delete(group.app);
  group.stop();
}

function answer(poll: ParkedPoll, wire: WireAnswer): void {
  const res = leave(poll);
  if (!res || res.destroyed) return;
  try {
    writeWire(res, wire);
  } catch (error) {
    logError("[parked-long-polls] answer", error);
    res.destroy();
  }
}

function wireFor(group: AppGroup, config: LongPollAnswer): WireAnswer {
  if (config === "unchanged") return (group.unchanged ??= wireOf(withHsts(group.respond("unchanged"))));
  let wire = group.wires.get(config);
  if (!wire) group.wires.set(config, (wire = wireOf(withHsts(group.respond(config)))));
  return wire;
}

/** Answers the group's long-polls older than `config`, WAKE_SLICE per turn. */
function wake(group: AppGroup, config: PublishedConfig): void {
  const due: ParkedPoll[] = [];
  for (const poll of group.polls) if (poll.from < config.revision) due.push(poll);
  if (due.length === 0) return;
  let wire: WireAnswer;
  try {
    wire = wireFor(group, config);
  } catch (error) {
    logError("[parked-long-polls] wake", error);
    return;
  }
  wakes++;
  const slice = (start: number) => {
    const end = Math.min(due.length, start + WAKE_SLICE);
    // A poll answered meanwhile (a newer release, its deadline, its client gone) has no group any more.
    for (let i = start; i < end; i++) if (due[i]!.group === group) answer(due[i]!, wire);
    // Releases back to back must not hold new long-polls indefinitely.
    if (heldFrom < held.length && performance.now() - heldSince > HOLD_AT_MOST_MS) serveHeldSlice();
    if (end < due.length) return void setImmediate(slice, end);
    // Their deadline entries need not wait for their deadline to be dropped.
    deadlines.drop();
    if (--wakes === 0 && held.length > 0) setImmediate(serveHeld);
  };
  slice(0);
}

/** Wakes whose slices are still being written. */
let wakes = 0;
/** Long-polls that came in during a wake, in order (see afterWakes). */
let held: Array<() => void> = [];
let heldFrom = 0;
/** When the first of those still held came in. */
let heldSince = 0;
/** Held long longer than this, long-polls are served between a wake's slices too. */
const HOLD_AT_MOST_MS = 500;

/**
 * Runs `serve` (a config long-poll that just came in) now, or once the wakes being written are
 * done. The clients a wake answers re-poll at once: serving those (handle(): the token, the
 * parsing, parking) between the slices of the wake cost as much as the wake itself and put off
 * its last answers by as much. They would park anyway, so they wait for the wake to be written
 * (a few hundred ms for 10,000), then are served in order, WAKE_SLICE per turn.
 */
export function afterWakes(serve: () => void): void {
  if (wakes === 0 && held.length === 0) return serve();
  if (held.length === 0) heldSince = performance.now();
  held.push(serve);
}

function serveHeld(): void {
  // Wakes go first again when a release came in meanwhile: serveHeld resumes after it.
  if (serveHeldSlice() && wakes === 0) setImmediate(serveHeld);
}

/** Serves the next WAKE_SLICE held long-polls; true when more are held. */
function serveHeldSlice(): boolean {
  const end = Math.min(held.length, heldFrom + WAKE_SLICE);
  for (let i = heldFrom; i < end; i++) held[i]!();
  heldFrom = end;
  heldSince = performance.now();
  if (heldFrom < held.length) return true;
  held = [];
  heldFrom = 0;
  return false;
}

/**
 * Deadlines of parked long-polls: one queue per wait (every client of a kind asks for the same
 * wait, so each queue is in deadline order) and one timer for the earliest, instead of a timer
 * per long-poll.
 */
const deadlines = (() => {
  const queues = new Map<number, { polls: ParkedPoll[]; head: number }>();
  let timer: NodeJS.Timeout | null = null;
  let timerAt = Infinity;

  const arm = () => {
    let next = Infinity;
    for (const [waitMs, queue] of queues) {
      while (queue.head < queue.polls.length && !queue.polls[queue.head]!.group) queue.head++;
      if (queue.head * 2 > queue.polls.length) {
        queue.polls = queue.polls.slice(queue.head);
        queue.head = 0;
      }
      if (queue.polls.length === 0) queues.delete(waitMs);
      else next = Math.min(next, queue.polls[0]!.deadline);
    }
    if (next === timerAt) return;
    if (timer) clearTimeout(timer);
    timer = null;
    timerAt = next;
    if (next === Infinity) return;
    timer = setTimeout(expire, Math.max(0, next - performance.now()));
    timer.unref();
  };

  const expire = () => {
    timer = null;
    timerAt = Infinity;
    const now = performance.now();
    for (const queue of queues.values()) {
      while (queue.head < queue.polls.length && queue.polls[queue.head]!.deadline <= now) {
        const poll = queue.polls[queue.head++]!;
        if (poll.group) answer(poll, wireFor(poll.group, "unchanged"));
      }
    }
    arm();
  };

  return {
    drop: arm,
    add(poll: ParkedPoll, waitMs: number) {
      let queue = queues.get(waitMs);
      if (!queue) queues.set(waitMs, (queue = { polls: [], head: 0 }));
      queue.polls.push(poll);
      if (poll.deadline < timerAt) arm();
    },
  };
})();
