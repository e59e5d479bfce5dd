import { Alert } from "@/components/ui/alert";
import type { DagNodeStatus } from "@/server/contracts/dag-status";

/** A reason shortened for a list (the whole one in the title). */
export function clampReason(reason: string, max = 220): string {
  return reason.length > max ? `${reason.slice(0, max - 1)}…` : reason;
}

/**
 * An output node whose release failed its verification (docs/verification.md, *Releases without
 * review*): the failed checks (title and reason), and a link to the release on the Releases
 * page. Nothing was published.
 */
export function VerificationFailureBox({ app, error }: { app: string; error: NonNullable<DagNodeStatus["lastError"]> }) {
  const failures = error.failures?.length ? error.failures : [{ title: error.message, reason: null }];
  return (
    <div data-testid="verification-failure">
      <Alert tone="error" title="Its release failed verification: nothing was published">
        <ul className="mt-1 list-disc space-y-1 pl-4">
          {failures.slice(0, 3).map((f, i) => (
            <li key={i} title={f.reason ?? undefined}>
              <span className="font-medium">{f.title}</span>
              {f.reason ? `: ${clampReason(f.reason)}` : null}
            </li>
          ))}
          {failures.length > 3 ? <li>and {failures.length - 3} more</li> : null}
        </ul>
        <a className="mt-1 inline-block underline" href={`/releases?app=${encodeURIComponent(app)}`}>
          See the release
        </a>
      </Alert>
    </div>
  );
}
