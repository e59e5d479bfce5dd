import type { FgPackage } from "@/server/contracts/fg";
import { isAppError } from "@/server/errors";
import { runFg } from "@/server/fg/run-fg";
import { validateDeclarativeSpec } from "@/server/fg/declarative/validate-declarative-spec";

/**
 * What can be known of a package before any real featureMap: a declarative spec is valid; a
 * code fg parses and exports build(). The code is run once in the sandbox on an empty
 * featureMap: only "does not parse" and "no build function" refuse it, since a build that
 * throws on an empty featureMap is normal. A busy sandbox (429) refuses it too: unchecked code is
 * not published.
 */
export async function checkPackage(pkg: FgPackage, owner?: string): Promise<void> {
  if (pkg.kind === "declarative") {
    validateDeclarativeSpec(pkg.spec);
    return;
  }
  try {
    await runFg(pkg, { origin: {}, online: false, log: {} }, undefined, owner);
  } catch (e) {
    if (isAppError(e) && e.code === "rate_limited") throw e;
    const reason = isAppError(e) ? (e.details as { reason?: string } | null)?.reason : undefined;
    if (reason === "syntax" || reason === "no_build") throw e;
  }
}
