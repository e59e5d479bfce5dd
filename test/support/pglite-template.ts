import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dumpMigratedPglite } from "@/db/client";

/**
 * An empty, migrated PGlite data folder for test databases. Every *.db.test.ts file gets a
 * fresh database; initdb plus the migrations cost 5-10 s of CPU each on a 2-core machine, loading
 * this dump about 1 s. It is made once per content of db/migrations and PGlite version, and kept
 * in the temp folder (written under another name and renamed, so parallel workers never read
 * half a file).
 */
export async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `scoring-console-pglite-${templateKey()}.tar`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)], { type: "application/x-tar" });
  const dump = await dumpMigratedPglite();
  const partial = `${file}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, file);
  return dump;
}

function templateKey(): string {
  const hash = createHash("sha256");
  const root = path.join(process.cwd(), "db", "migrations");
  const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  for (const name of files.map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort()) {
    hash.update(name).update("\0").update(fs.readFileSync(path.join(root, name))).update("\0");
  }
  const pglite = JSON.parse(fs.readFileSync(path.join(process.cwd(), "node_modules", "@electric-sql", "pglite", "package.json"), "utf8")) as { version: string };
  hash.update(pglite.version);
  return hash.digest("hex").slice(0, 16);
}
