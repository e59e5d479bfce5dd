// `npm run bench`: runs every benchmark in this folder, one after another (they share two
// cores; running them together would measure each other). Each writes bench/results/<name>.md.
//
//   npm run bench                                    every benchmark
//   npm run bench -- dag tfs                         those whose file name starts so
//   npm run bench -- dag --rounds=10 --url=http://…  flags go to every script that runs
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { planRuns } from "./lib/plan-runs";

const dir = import.meta.dirname;
const runs = planRuns(process.argv.slice(2), fs.readdirSync(dir));
if (runs.length === 0) {
  console.error(`No benchmark in ${dir} matches ${process.argv.slice(2).join(" ")}.`);
  process.exit(1);
}

let failed = 0;
for (const { file, args } of runs) {
  console.log(`\n### ${file} ${args.join(" ")}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(dir, file), ...args], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
