"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/components/api-client";
import { ExistingRequestAnchor, existingRequestId } from "@/components/approvals/existing-request-link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { Loading } from "@/components/ui/loading";
import { AppBlockChangeNotice } from "@/components/apps/app-block-change-notice";
import { DiffView } from "@/components/releases/diff-view";
import { PublishSolutionsSchema, type PublishResult, type SolutionsDraft } from "@/server/contracts/solution-drafts";
import { ComparisonView } from "./comparison-view";
import { useSolutionsDiff, usePublishSolutions } from "./use-solutions";

/** The saved draft against the last published release, and the request to publish it. */
export function PublishCard({ draft, unsavedSplit, canEdit }: { draft: SolutionsDraft; unsavedSplit: boolean; canEdit: boolean }) {
  const app = draft.app.name;
  const diff = useSolutionsDiff(app);
  const publish = usePublishSolutions(app);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [existing, setExisting] = useState<{ id: string; message: string } | null>(null);
  const [result, setResult] = useState<(PublishResult & { version: number }) | null>(null);
  const [showDocument, setShowDocument] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    const input = PublishSolutionsSchema.safeParse({ version: diff.data?.version ?? draft.version, comment });
    if (!input.success) return setError(input.error.issues[0]?.message ?? "Check the comment.");
    setError(null);
    setExisting(null);
    try {
      setResult({ ...(await publish.mutateAsync(input.data)), version: input.data.version });
      setComment("");
    } catch (err) {
      // The same change already waiting for review (409 naming it): offer to open it instead.
      const existingId = existingRequestId(err);
      if (existingId) setExisting({ id: existingId, message: (err as Error).message });
      else setError(err instanceof ApiError && err.status === 409 ? `${err.message} The diff above now shows the current draft.` : err instanceof Error ? err.message : "Not requested.");
    }
  }

  const data = diff.data;
  const current = data && data.version === draft.version;
  // One request per draft version: asking again would only queue the same change twice.
  const requested = result !== null && result.version === draft.version;
  return (
    <Card title="Draft vs published" actions={data?.published ? <span className="text-xs text-slate-500">Last release #{data.published.seq}</span> : null}>
      {diff.isLoading ? <Loading label="Comparing with the last release…" /> : null}
      {diff.error ? <Alert tone="error" title="Could not compare with the last release">{diff.error.message}</Alert> : null}
      {data && data.published === null && draft.solutions.length === 0 ? (
        // A new app: no diff, split or publish form to speak of yet, only the way there.
        <p className="text-sm text-slate-600" data-testid="draft-diff">
          Nothing is published for {app} yet, and the draft has no solutions. Add a solution and give it the buckets; the draft can then be published from here.
        </p>
      ) : data ? (
        <div className="space-y-5" data-testid="draft-diff">
          {data.published === null ? (
            <Alert tone="info">Nothing has been published for {app} yet: everything in the draft is new to scoring services.</Alert>
          ) : null}
          <AppBlockChangeNotice diff={data.contentDiff} />
          <ComparisonView comparison={data} beforeLabel="Published" afterLabel="Draft" />
          {data.changes ? (
            <div>
              <button type="button" className="text-sm font-medium text-indigo-700 hover:underline" aria-expanded={showDocument} onClick={() => setShowDocument((v) => !v)}>
                {showDocument ? "Hide" : "Show"} the document keys that change ({data.contentDiff.changes.length})
              </button>
              {showDocument ? (
                <div className="mt-2">
                  <DiffView diff={data.contentDiff} beforeLabel="Published" afterLabel="Draft" emptyText="The document is the published one." />
                </div>
              ) : null}
            </div>
          ) : null}
          {unsavedSplit ? <Alert tone="warning">The bucket split has unsaved changes: save them first, or they are not part of this publish.</Alert> : null}
          {!draft.split.ok ? <Alert tone="warning">The saved split has gaps or overlaps: fix them before publishing.</Alert> : null}

          {canEdit ? (
            <form onSubmit={submit} noValidate className="space-y-3 border-t border-slate-100 pt-4">
              <Field label="Comment for reviewers" htmlFor="publish-comment" error={error ?? undefined} hint="What this publish changes and why; it stays in the release history.">
                <Textarea id="publish-comment" rows={2} value={comment} invalid={!!error} onChange={(e) => setComment(e.target.value)} />
              </Field>
              <Button type="submit" variant="primary" disabled={!data.changes || !draft.split.ok || !current || requested || publish.isPending}>
                {publish.isPending ? "Requesting…" : "Request publish"}
              </Button>
              {!data.changes ? <span className="ml-3 text-sm text-slate-500">Nothing to publish: the draft is the published document.</span> : null}
              {existing ? (
                <Alert tone="info" title="Already requested">
                  {existing.message} <ExistingRequestAnchor id={existing.id} />
                </Alert>
              ) : null}
            </form>
          ) : null}
          {result?.changeRequest ? (
            <Alert tone="success" title="Publish requested">
              Waiting for {result.changeRequest.requiredApprovals} {result.changeRequest.requiredApprovals === 1 ? "approval" : "approvals"}: a reviewer approves it on the{" "}
              <Link className="font-medium underline" href="/approvals">
                Approvals
              </Link>{" "}
              page, then the release goes to the config center.
            </Alert>
          ) : null}
          {result?.release ? (
            <Alert tone="success" title={`Published as release #${result.release.seq}`}>
              This app needs no approval: the release is on its way to the config center.{" "}
              <Link className="font-medium underline" href={`/releases?app=${encodeURIComponent(app)}`}>
                See releases
              </Link>
            </Alert>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
