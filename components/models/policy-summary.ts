import type { VersionPolicy } from "@/server/contracts/models";

export function policySummary(p: VersionPolicy): string {
  if (p.kind === "specific") return p.versions.length ? `specific: ${p.versions.join(", ")}` : "specific: none";
  if (p.kind === "latest") return `latest ${p.numVersions}`;
  return "all versions";
}
