#!/usr/bin/env bash
# Development helper while several people change the schema in one session: drops every
# migration after the last committed baseline and regenerates ONE migration from the whole
# current schema. Serialised with a lock so two runs cannot interleave. Never use it on
# migrations that have been released (committed to main and run somewhere).
set -euo pipefail
cd "$(dirname "$0")/.."
BASELINE="${BASELINE:-0003}"
exec 9>/tmp/scoring-drizzle.lock
flock 9
node - "$BASELINE" <<'JS'
const fs = require("fs");
const path = require("path");
const base = Number(process.argv[2]);
const dir = "db/migrations";
const journal = JSON.parse(fs.readFileSync(path.join(dir, "meta/_journal.json"), "utf8"));
for (const e of journal.entries.filter((e) => e.idx > base)) {
  fs.rmSync(path.join(dir, `${e.tag}.sql`), { force: true });
  fs.rmSync(path.join(dir, "meta", `${String(e.idx).padStart(4, "0")}_snapshot.json`), { force: true });
}
journal.entries = journal.entries.filter((e) => e.idx <= base);
fs.writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify(journal, null, 2) + "\n");
JS
npx drizzle-kit generate --name "${1:?usage: scripts/regen-migrations.sh <what_the_migration_holds>}"
