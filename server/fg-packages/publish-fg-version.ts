import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { fgPackages } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { PublishFgVersionSchema, type PublishFgVersionInput } from "@/server/contracts/fg-packages";
import { conflict } from "@/server/errors";
import { checkPackage } from "./check-package";
import { fgOwnerOf } from "@/server/fg/fg-owner";
import { toFgVersionDetail } from "./fg-version-dto";
import { packageDigest } from "./package-digest";

/**
 * Publishes `className@version`. Published versions are immutable (there is no update or
 * delete): a solution pinned to v2 keeps exactly this package after v3 arrives. Publishing an
 * existing version again is a 409, even with the same content.
 */
export async function publishFgVersion(db: Db, opts: { actor: Actor; input: PublishFgVersionInput }) {
  const input = PublishFgVersionSchema.parse(opts.input);
  await checkPackage(input.package, fgOwnerOf(opts.actor));
  const ref = `${input.className}@${input.version}`;
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ sha256: fgPackages.sha256 })
      .from(fgPackages)
      .where(and(eq(fgPackages.className, input.className), eq(fgPackages.version, input.version)))
      .limit(1);
    if (existing) throw conflict(`${ref} is already published and published versions never change; publish it under a new version.`, { field: "version" });
    const pkg = input.package;
    const [row] = await tx
      .insert(fgPackages)
      .values({
        className: input.className,
        version: input.version,
        kind: pkg.kind,
        spec: pkg.kind === "declarative" ? pkg.spec : null,
        source: pkg.kind === "code" ? pkg.source : null,
        sha256: packageDigest(pkg),
        description: input.description,
        createdBy: actorLabel(opts.actor),
      })
      .returning();
    const detail = toFgVersionDetail(row!);
    // The audit keeps the spec; a code package is named by its digest (the source can be 1 MB).
    const { package: _package, ...summary } = detail;
    await recordAudit(tx, {
      actor: opts.actor,
      kind: "fg_package",
      action: "publish",
      target: ref,
      after: pkg.kind === "declarative" ? { ...summary, spec: pkg.spec } : summary,
    });
    return detail;
  });
}
