import type { fgPackages } from "@/db/schema";
import type { FgPackage } from "@/server/contracts/fg";
import type { FgVersionDetail, FgVersionSummary } from "@/server/contracts/fg-packages";
import { internalError } from "./internal-error";

export type FgPackageRow = typeof fgPackages.$inferSelect;

export function toFgVersionSummary(row: Omit<FgPackageRow, "spec" | "source">): FgVersionSummary {
  return {
    className: row.className,
    version: row.version,
    kind: row.kind,
    sha256: row.sha256,
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export function packageOfRow(row: FgPackageRow): FgPackage {
  if (row.kind === "declarative" && row.spec) return { kind: "declarative", spec: row.spec };
  if (row.kind === "code" && row.source !== null) return { kind: "code", source: row.source };
  throw internalError(`fg package ${row.className}@${row.version} is stored without its ${row.kind === "code" ? "source" : "spec"}`);
}

export function toFgVersionDetail(row: FgPackageRow): FgVersionDetail {
  return { ...toFgVersionSummary(row), package: packageOfRow(row) };
}
