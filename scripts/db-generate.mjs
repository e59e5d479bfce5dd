#!/usr/bin/env node
// `npm run db:generate -- --name <what_it_holds>`: drizzle-kit generate, with the name required.
// A migration is named for what it holds (0004_feature_connections.sql, not drizzle-kit's random
// 0004_brave_wolverine.sql), so db/migrations/ reads as the schema's history. Applied migrations
// keep their names: the database records them by tag, and renaming one would run it again.
import { spawnSync } from "node:child_process";
import path from "node:path";

const args = process.argv.slice(2);
const at = args.findIndex((a) => a === "--name" || a.startsWith("--name="));
const name = at < 0 ? undefined : args[at].startsWith("--name=") ? args[at].slice("--name=".length) : args[at + 1];
if (!name || !/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name)) {
  console.error(
    [
      "Name the migration for what it holds, in snake_case:",
      "  npm run db:generate -- --name feature_connections",
      name ? `("${name}" is not snake_case: lower-case letters and digits joined by _)` : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
  process.exit(2);
}
const rest = args.filter((_, i) => i !== at && !(i === at + 1 && !args[at].includes("=")));
const bin = path.join("node_modules", "drizzle-kit", "bin.cjs");
const r = spawnSync(process.execPath, [bin, "generate", "--name", name, ...rest], { stdio: "inherit" });
process.exit(r.status ?? 1);
