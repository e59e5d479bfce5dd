-- 5-minute solution rows (span 5) beside the minute rows, written at ingest from now on; this fills
-- them for the minute rows already there, so a Live query reading them misses nothing.
INSERT INTO "telemetry_solution_rows" ("app", "release", "solution", "start", "span", "requests", "items", "errors", "latency", "outputs", "missing", "reports")
SELECT "app", "release", "solution", to_timestamp(floor(extract(epoch from "start") / 300) * 300), 5, sum("requests"), sum("items"),
       telemetry_sum_counts("errors"), telemetry_sum_nested("latency"), telemetry_sum_nested("outputs"), telemetry_sum_counts("missing"), sum("reports")
FROM "telemetry_solution_rows" WHERE "span" = 1
GROUP BY "app", "release", "solution", to_timestamp(floor(extract(epoch from "start") / 300) * 300)
ON CONFLICT DO NOTHING;
