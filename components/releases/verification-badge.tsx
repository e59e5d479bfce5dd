import { Badge } from "@/components/ui/badge";
import type { Release } from "@/server/contracts/releases";
import { clampReason } from "@/components/dag/verification-failure-box";

/**
 * What the release's verification says (docs/verification.md): verifying while a release made
 * without review waits for its run, failed verification with the failed checks inline, an
 * admin's override with its reason, or verified. Nothing for a release verified before reports.
 */
export function VerificationBadge({ release }: { release: Pick<Release, "verification" | "delivery"> }) {
  const v = release.verification;
  if (v.override) {
    return (
      <span data-testid="verification-badge" title={`Overridden by ${v.override.by}: ${v.override.reason}`}>
        <Badge tone="amber">verification overridden</Badge>
      </span>
    );
  }
  if (release.delivery.state === "verifying" || v.state === "running") {
    return (
      <span data-testid="verification-badge">
        <Badge tone="indigo">verifying</Badge>
      </span>
    );
  }
  if (v.state === "failed" || v.state === "error") {
    return (
      <span data-testid="verification-badge">
        <Badge tone="red">{v.state === "error" ? "verification could not run" : "failed verification"}</Badge>
      </span>
    );
  }
  if (v.state === "passed" || v.state === "warned") {
    return (
      <span data-testid="verification-badge">
        <Badge tone="green">{v.state === "warned" ? "verified, with warnings" : "verified"}</Badge>
      </span>
    );
  }
  return null;
}

/** The failed checks of a release's verification, title and reason, as a short list (the first three). */
export function VerificationFailures({ release }: { release: Pick<Release, "verification"> }) {
  const { failures, override } = release.verification;
  if (failures.length === 0) return null;
  return (
    <ul data-testid="verification-failures" className={`mt-1 max-w-xs space-y-0.5 text-xs ${override ? "text-amber-800" : "text-red-700"}`}>
      {failures.slice(0, 3).map((f, i) => (
        <li key={i} title={f.reason ?? undefined}>
          <span className="font-medium">{f.title}</span>
          {f.reason ? `: ${clampReason(f.reason, 120)}` : null}
        </li>
      ))}
      {failures.length > 3 ? <li>and {failures.length - 3} more</li> : null}
      {override ? <li className="italic">Overridden: {override.reason}</li> : null}
    </ul>
  );
}
