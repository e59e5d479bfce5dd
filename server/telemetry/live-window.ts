import { badRequest } from "@/server/errors";
import type { LiveQuery } from "@/server/contracts/telemetry";

export interface LiveWindow {
  from: Date;
  to: Date;
  /** Seconds per point. */
  step: number;
  points: number;
}

const DEFAULT_WINDOW_MS = 3_600_000;
const MAX_WINDOW_MS = 31 * 86_400_000;
const MAX_POINTS = 1_500;
const TARGET_POINTS = 360;
const STEPS = [60, 300, 900, 1_800, 3_600, 10_800, 21_600, 43_200, 86_400];

/**
 * The window a Live query asks for: the last hour by default, a step that keeps it under 360
 * points unless one is given; `from` is moved back to a whole step.
 */
export function liveWindow(query: LiveQuery, now: Date = new Date()): LiveWindow {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_WINDOW_MS);
  const span = to.getTime() - from.getTime();
  if (span <= 0) throw badRequest("`from` must be before `to`.", { from: from.toISOString(), to: to.toISOString() });
  if (span > MAX_WINDOW_MS) throw badRequest("A Live window spans at most 31 days.", { from: from.toISOString(), to: to.toISOString() });
  const step = query.step ?? STEPS.find((s) => span / (s * 1000) <= TARGET_POINTS) ?? 86_400;
  // Points start on whole steps (UTC), so a minute row lands on a point of its own.
  const start = new Date(Math.floor(from.getTime() / (step * 1000)) * step * 1000);
  const points = Math.ceil((to.getTime() - start.getTime()) / (step * 1000));
  if (points > MAX_POINTS) throw badRequest(`That step gives ${points} points; a Live query gives at most ${MAX_POINTS}: choose a larger step.`, { step, points, limit: MAX_POINTS });
  return { from: start, to, step, points };
}
