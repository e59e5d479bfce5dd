import { Alert } from "@/components/ui/alert";
import type { DagNodeStatus } from "@/server/contracts/dag-status";

/** The reasons of a failed verification, one per line: the message lists them "title: reason; …" after its lead. */
export function verificationReasons(message: string): string[] {
  const body = message.replace(/^Verification (failed|could not run): /, "");
  return body.split("; ").filter((r) => r.trim().length > 0);
}

/**
 * An output node whose release failed its verification (docs/verification.md, *Releases without
 * review*): the failed checks, and a link to the release on the Releases page. Nothing was published.
 */
export function VerificationFailureBox({ app, error }: { app: string; error: NonNullable<DagNodeStatus["lastError"]> }) {
  return (
    <div data-testid="verification-failure">
      <Alert tone="error" title="Its release failed verification: nothing was published">
        <ul className="mt-1 list-disc space-y-0.5 pl-4">
          {verificationReasons(error.message).map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
        <a className="mt-1 inline-block underline" href={`/releases?app=${encodeURIComponent(app)}`}>
          See the release
        </a>
      </Alert>
    </div>
  );
}
