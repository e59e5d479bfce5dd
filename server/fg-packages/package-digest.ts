import { createHash } from "node:crypto";
import type { FgPackage } from "@/server/contracts/fg";

/** SHA-256 of the package with object keys sorted: the same package always has the same digest. */
export function packageDigest(pkg: FgPackage): string {
  return createHash("sha256").update(stableJson(pkg)).digest("hex");
}

function stableJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(stableJson).join(",")}]`;
  if (x && typeof x === "object") {
    const entries = Object.entries(x as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(x);
}
