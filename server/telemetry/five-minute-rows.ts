/**
 * Solution rows come in three grains (`span`, in minutes): 1 (written at ingest), 5 (written at
 * ingest beside the minute rows, the same counts added per 5 minutes) and 60 (the rollup's hours,
 * which replace both). A reader picks one grain per period so nothing is counted twice: minute
 * and hourly rows (`span <> 5`), or 5-minute and hourly rows plus the minutes of a last, partial
 * 5 minutes (read-solution-rows.ts).
 */
export const FIVE_MINUTE_SPAN = 5;
export const FIVE_MINUTES_MS = 5 * 60_000;

/** The start of the 5 minutes the ISO minute `minute` falls in, ISO 8601 UTC. */
export function fiveMinuteStartOf(minute: string): string {
  const t = Date.parse(minute);
  return new Date(Math.floor(t / FIVE_MINUTES_MS) * FIVE_MINUTES_MS).toISOString();
}
