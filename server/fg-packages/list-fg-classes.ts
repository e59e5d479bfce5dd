import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { fgPackages } from "@/db/schema";
import type { FgClass } from "@/server/contracts/fg-packages";
import { notFound } from "@/server/errors";
import { compareFgVersions } from "./compare-fg-versions";
import { toFgVersionSummary } from "./fg-version-dto";

const summaryColumns = {
  id: fgPackages.id,
  className: fgPackages.className,
  version: fgPackages.version,
  kind: fgPackages.kind,
  sha256: fgPackages.sha256,
  description: fgPackages.description,
  createdBy: fgPackages.createdBy,
  createdAt: fgPackages.createdAt,
};

/** Every fg class with its versions, newest first; specs and sources are left out. */
export async function listFgClasses(db: Db, opts: { className?: string } = {}): Promise<FgClass[]> {
  const rows = await db
    .select(summaryColumns)
    .from(fgPackages)
    .where(opts.className ? eq(fgPackages.className, opts.className) : undefined)
    .orderBy(asc(fgPackages.className));
  const byClass = new Map<string, FgClass>();
  for (const r of rows) {
    const c = byClass.get(r.className) ?? { className: r.className, simpleName: r.className.split(".").pop() ?? r.className, versions: [] };
    c.versions.push(toFgVersionSummary(r));
    byClass.set(r.className, c);
  }
  for (const c of byClass.values()) c.versions.sort((a, b) => compareFgVersions(b.version, a.version));
  return [...byClass.values()];
}

export async function getFgClass(db: Db, className: string): Promise<FgClass> {
  const [c] = await listFgClasses(db, { className });
  if (!c) throw notFound(`No fg class "${className}" is published.`, { class: className });
  return c;
}
