import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { fgPackages } from "@/db/schema";
import type { FgPackage } from "@/server/contracts/fg";
import type { FgVersionDetail } from "@/server/contracts/fg-packages";
import { notFound } from "@/server/errors";
import { packageOfRow, toFgVersionDetail, type FgPackageRow } from "./fg-version-dto";

async function findRow(db: Db, className: string, version: string): Promise<FgPackageRow | undefined> {
  const [row] = await db
    .select()
    .from(fgPackages)
    .where(and(eq(fgPackages.className, className), eq(fgPackages.version, version)))
    .limit(1);
  return row;
}

export async function getFgVersion(db: Db, className: string, version: string): Promise<FgVersionDetail> {
  const row = await findRow(db, className, version);
  if (!row) throw notFound(`No fg package ${className}@${version} is published.`, { class: className, version });
  return toFgVersionDetail(row);
}

/**
 * The package of a published fg version, or null: what trial scoring and the offline runner
 * run (through runFg). Pinned versions never change, so this is safe to cache by reference.
 */
export async function resolveFgPackage(db: Db, className: string, version: string): Promise<FgPackage | null> {
  const row = await findRow(db, className, version);
  return row ? packageOfRow(row) : null;
}
