import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { describe, expect, it, vi } from "vitest";
import type { ConfigCenter, PublishedConfig } from "@/server/config-center/config-center";
import { publishedConfigResponse } from "@/server/config-center/published-config-response";
import { afterWakes, isParked, parkedLongPolls, parkLongPoll, WAKE_SLICE, type LongPollAnswer } from "./parked-long-polls";
import { API_CSP } from "./security-headers";
import { markServedByOwnServer } from "./shared-body";

/** What a parked long-poll's response saw written, in the order writes happened across all of them. */
const written: Array<{ id: number; status: number; head: string[]; body: string | null }> = [];

class FakeResponse extends EventEmitter {
  destroyed = false;
  closed = false;
  writableFinished = false;
  req = { complete: true };
  private status = 0;
  private head: string[] = [];
  constructor(readonly id: number) {
    super();
  }
  writeHead(status: number, head: string[]) {
    this.status = status;
    this.head = head;
    return this;
  }
  end(body: Uint8Array | null) {
    written.push({ id: this.id, status: this.status, head: this.head, body: body ? new TextDecoder().decode(body) : null });
    this.writableFinished = true;
    this.closed = true;
    this.emit("close");
  }
  leave() {
    this.destroyed = true;
    this.closed = true;
    this.emit("close");
  }
}

/** A center whose releases the test hands to its watchers itself. */
function fakeCenter() {
  const listeners = new Set<(config: PublishedConfig) => void>();
  let watches = 0;
  const center = {
    kind: "builtin",
    watch(_app: string, _from: number, listener: (config: PublishedConfig) => void) {
      watches++;
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  } as unknown as ConfigCenter;
  return {
    center,
    release: (config: PublishedConfig) => [...listeners].forEach((listener) => listener(config)),
    watching: () => listeners.size,
    watches: () => watches,
  };
}

let nextId = 0;
function park(center: ConfigCenter, app: string, from: number, waitMs = 30_000) {
  const res = new FakeResponse(nextId++);
  const req = { url: `http://console.internal/api/config/v1/apps/${app}` } as Request;
  markServedByOwnServer(req, res as unknown as ServerResponse);
  const respond = (answer: LongPollAnswer) =>
    answer === "unchanged" ? new Response(null, { status: 304, headers: { "cache-control": "no-store" } }) : publishedConfigResponse(req, answer);
  return { res, answer: parkLongPoll(req, { center, app, from, waitMs, respond }) };
}

const release = (app: string, revision: number): PublishedConfig => ({ app, revision, releaseId: `r${revision}`, document: {}, versions: { v: String(revision) } });
const turn = () => new Promise((resolve) => setImmediate(resolve));
const writesOf = (responses: FakeResponse[]) => written.filter((w) => responses.some((res) => res.id === w.id));

describe("parked long-polls", () => {
  it("leaves a request our own server does not serve to the route", () => {
    const { center } = fakeCenter();
    const req = { url: "http://console.internal/x" } as Request;
    expect(parkLongPoll(req, { center, app: "a", from: 1, waitMs: 1_000, respond: () => new Response(null) })).toBeNull();
  });

  it("holds every long-poll of an app on one watch and answers them all with one release's bytes", async () => {
    const { center, release: publish, watches, watching } = fakeCenter();
    const before = parkedLongPolls();
    const polls = Array.from({ length: WAKE_SLICE * 2 + 3 }, () => park(center, "one", 4));
    expect(polls.every((poll) => poll.answer && isParked(poll.answer))).toBe(true);
    expect(watches()).toBe(1);
    expect(parkedLongPolls()).toBe(before + polls.length);
    publish(release("one", 5));
    // The first slice is written at once, the rest in later turns.
    expect(writesOf(polls.map((p) => p.res))).toHaveLength(WAKE_SLICE);
    await turn();
    await turn();
    const writes = writesOf(polls.map((p) => p.res));
    expect(writes).toHaveLength(polls.length);
    expect(new Set(writes.map((w) => w.body)).size).toBe(1);
    expect(JSON.parse(writes[0]!.body!)).toEqual(release("one", 5));
    expect(writes[0]!.status).toBe(200);
    expect(writes[0]!.head).toEqual(expect.arrayContaining(["Content-Security-Policy", API_CSP, "content-type", "application/json; charset=utf-8", "cache-control", "no-store"]));
    expect(parkedLongPolls()).toBe(before);
    // Nobody waits on the app any more: its watch is stopped.
    expect(watching()).toBe(0);
  });

  it("answers at once a long-poll older than a release its app's watch already delivered", () => {
    const { center, release: publish } = fakeCenter();
    const first = park(center, "late", 7);
    const waitingForMore = park(center, "late", 8);
    publish(release("late", 8));
    expect(writesOf([first.res])).toHaveLength(1);
    // Parked with 7 after 8 was delivered (the route read the app just before 8 came in).
    const late = park(center, "late", 7);
    expect(late.answer && !isParked(late.answer) && late.answer.status).toBe(200);
    waitingForMore.res.leave();
  });

  it("answers at once when the app's watch tells a newer release as it starts, and stops that watch", () => {
    const stopped: string[] = [];
    const center = {
      kind: "builtin",
      watch(app: string, _from: number, listener: (config: PublishedConfig) => void) {
        listener(release(app, 9));
        return () => void stopped.push(app);
      },
    } as unknown as ConfigCenter;
    const before = parkedLongPolls();
    const { answer } = park(center, "eager", 8);
    expect(answer && !isParked(answer) && answer.status).toBe(200);
    expect(stopped).toEqual(["eager"]);
    expect(parkedLongPolls()).toBe(before);
  });

  it("lets the route hold a long-poll from a revision older than the one its app's watch started from", () => {
    const { center } = fakeCenter();
    const ahead = park(center, "ahead", 20);
    expect(park(center, "ahead", 3).answer).toBeNull();
    ahead.res.leave();
  });

  it("lets go of a long-poll whose client left, and stops the app's watch with the last one", () => {
    const { center, release: publish, watching } = fakeCenter();
    const before = parkedLongPolls();
    const a = park(center, "gone", 1);
    const b = park(center, "gone", 1);
    a.res.leave();
    expect(parkedLongPolls()).toBe(before + 1);
    expect(watching()).toBe(1);
    b.res.leave();
    expect(parkedLongPolls()).toBe(before);
    expect(watching()).toBe(0);
    publish(release("gone", 2));
    expect(writesOf([a.res, b.res])).toHaveLength(0);
  });

  it("answers 304 once the wait is over", async () => {
    const { center } = fakeCenter();
    const before = parkedLongPolls();
    const { res } = park(center, "quiet", 1, 5);
    const done = new Promise((resolve) => res.once("close", resolve));
    await done;
    expect(writesOf([res])).toEqual([{ id: res.id, status: 304, head: expect.arrayContaining(["cache-control", "no-store"]), body: null }]);
    expect(parkedLongPolls()).toBe(before);
  });

  it("serves long-polls that come in during a wake once the wake is written, in order", async () => {
    const { center, release: publish } = fakeCenter();
    const polls = Array.from({ length: WAKE_SLICE * 3 }, () => park(center, "busy", 1));
    publish(release("busy", 2));
    const served: number[] = [];
    afterWakes(() => served.push(1));
    afterWakes(() => served.push(2));
    expect(served).toEqual([]);
    const last = polls.at(-1)!.res;
    await new Promise((resolve) => last.once("close", resolve));
    expect(served).toEqual([]);
    await turn();
    await turn();
    expect(served).toEqual([1, 2]);
    // With no wake going on, at once.
    afterWakes(() => served.push(3));
    expect(served).toEqual([1, 2, 3]);
  });

  it("serves held long-polls between a wake's slices once they waited long", async () => {
    const { center, release: publish } = fakeCenter();
    const polls = Array.from({ length: WAKE_SLICE * 4 }, () => park(center, "long", 1));
    let clock = performance.now();
    const now = vi.spyOn(performance, "now").mockImplementation(() => clock);
    try {
      publish(release("long", 2));
      const served: number[] = [];
      afterWakes(() => served.push(1));
      await turn();
      expect(served).toEqual([]);
      clock += 10_000;
      await turn();
      expect(served).toEqual([1]);
      expect(writesOf(polls.map((p) => p.res)).length).toBeLessThan(polls.length);
    } finally {
      now.mockRestore();
    }
    const last = polls.at(-1)!.res;
    if (!last.writableFinished) await new Promise((resolve) => last.once("close", resolve));
  });
});
