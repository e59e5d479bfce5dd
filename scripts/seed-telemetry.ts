/**
 * Demo data for the Live page (README "Live"): synthetic traffic of an app's published
 * solutions, reported through the SDK's telemetry reporter as two scoring instances would.
 *
 *   SCORING_TOKEN=<token with config:read and telemetry:write> npx tsx scripts/seed-telemetry.ts --app favpush
 *   ... --url http://127.0.0.1:3000 --minutes 60 --per-minute 300 --instances 2 --drop-buckets 1,2
 *
 * `--drop-buckets` leaves those buckets' requests out: a broken split the sample-ratio check flags.
 * `--end` (ISO 8601, default now) ends the traffic earlier; `--json` prints the result as JSON.
 */
import { parseArgs } from "node:util";
import { seedTelemetry } from "./lib/seed-telemetry";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.SCORING_CONSOLE_URL ?? "http://127.0.0.1:3000" },
    token: { type: "string", default: process.env.SCORING_TOKEN },
    app: { type: "string", default: "favpush" },
    minutes: { type: "string", default: "60" },
    "per-minute": { type: "string", default: "300" },
    instances: { type: "string", default: "2" },
    "drop-buckets": { type: "string" },
    end: { type: "string" },
    "instance-prefix": { type: "string", default: "demo-scorer" },
    seed: { type: "string", default: "21" },
    json: { type: "boolean", default: false },
  },
});

if (!values.token) {
  console.error("A token is needed: --token or $SCORING_TOKEN (Admin page, API tokens; scopes config:read and telemetry:write).");
  process.exit(2);
}
const minutes = Math.min(Number(values.minutes), 48 * 60);
const dropBuckets = values["drop-buckets"] ? new Set(values["drop-buckets"].split(",").map(Number)) : undefined;
const result = await seedTelemetry({
  url: values.url!,
  token: values.token,
  app: values.app!,
  end: values.end ? Date.parse(values.end) : undefined,
  minutes,
  perMinute: Number(values["per-minute"]),
  instances: Number(values.instances),
  instancePrefix: values["instance-prefix"],
  seed: Number(values.seed),
  dropBuckets,
});
if (values.json) console.log(JSON.stringify(result));
else console.log(`Reported ${result.requests} requests of ${values.app} (revision ${result.revision}) over ${minutes} minutes in ${result.reports} reports.`);
