import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { FIVE_MINUTE_SPAN } from "./five-minute-rows";
import { telemetrySettings, type TelemetrySettings } from "./telemetry-settings";
import { ADD_INTO_BUCKET_ROW, ADD_INTO_SOLUTION_ROW } from "./add-into-rows";

export interface RollupResult {
  solutionRows: number;
  bucketRows: number;
  deleted: number;
}

/**
 * Moves per-minute rows of whole hours older than TELEMETRY_MINUTE_HOURS into hourly rows (their
 * 5-minute rows are deleted), and
 * deletes hourly rows, silent instances and report ids past their retention. The move is one
 * statement per table (DELETE ... RETURNING feeding INSERT ... ON CONFLICT DO UPDATE): a row is
 * moved once even when two consoles roll up at the same time, since the second DELETE no longer
 * finds it.
 */
export async function rollUpTelemetry(db: Db, opts: { now?: Date; settings?: Partial<TelemetrySettings> } = {}): Promise<RollupResult> {
  const now = (opts.now ?? new Date()).getTime();
  const settings = telemetrySettings(opts.settings);
  const cutoff = new Date(Math.floor((now - settings.minuteHours * 3_600_000) / 3_600_000) * 3_600_000);
  const expired = new Date(now - settings.retentionDays * 86_400_000);
  const keysExpired = new Date(now - settings.reportKeyHours * 3_600_000);
  const hourOf = sql.raw(`to_timestamp(floor(extract(epoch from start) / 3600) * 3600)`);

  return db.transaction(async (tx) => {
    const solutionRows = await tx.execute(sql`
      WITH moved AS (DELETE FROM telemetry_solution_rows WHERE span = 1 AND start < ${cutoff.toISOString()}::timestamptz RETURNING *)
      INSERT INTO telemetry_solution_rows (app, release, solution, start, span, requests, items, errors, latency, outputs, missing, reports)
      SELECT app, release, solution, ${hourOf}, 60, sum(requests), sum(items), telemetry_sum_counts(errors), telemetry_sum_nested(latency),
             telemetry_sum_nested(outputs), telemetry_sum_counts(missing), sum(reports)
      FROM moved GROUP BY app, release, solution, ${hourOf}
      ${ADD_INTO_SOLUTION_ROW}`);
    // The hours' 5-minute rows repeat what the hourly rows now hold (the cutoff is a whole hour).
    await tx.execute(sql`DELETE FROM telemetry_solution_rows WHERE span = ${sql.raw(String(FIVE_MINUTE_SPAN))} AND start < ${cutoff.toISOString()}::timestamptz`);
    const bucketRows = await tx.execute(sql`
      WITH moved AS (DELETE FROM telemetry_bucket_rows WHERE span = 1 AND start < ${cutoff.toISOString()}::timestamptz RETURNING *)
      INSERT INTO telemetry_bucket_rows (app, release, bucket, start, span, requests)
      SELECT app, release, bucket, ${hourOf}, 60, sum(requests) FROM moved GROUP BY app, release, bucket, ${hourOf}
      ${ADD_INTO_BUCKET_ROW}`);
    let deleted = 0;
    for (const statement of [
      sql`DELETE FROM telemetry_solution_rows WHERE start < ${expired.toISOString()}::timestamptz`,
      sql`DELETE FROM telemetry_bucket_rows WHERE start < ${expired.toISOString()}::timestamptz`,
      sql`DELETE FROM telemetry_instances WHERE last_report < ${expired.toISOString()}::timestamptz`,
      sql`DELETE FROM telemetry_reports WHERE received_at < ${keysExpired.toISOString()}::timestamptz`,
    ]) {
      deleted += affected(await tx.execute(statement));
    }
    return { solutionRows: affected(solutionRows), bucketRows: affected(bucketRows), deleted };
  });
}

/** Rows a statement touched, from either driver's result. */
function affected(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return Number(r.rowCount ?? r.affectedRows ?? 0);
}
