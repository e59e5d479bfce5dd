"use client";

import { useState, type ChangeEvent } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Textarea } from "@/components/ui/field";
import { BODY_LIMITS, CAPS, formatBytes } from "@/server/contracts/limits";
import type { ImportPreview, SolutionsDraft } from "@/server/contracts/solution-drafts";
import { describeBuckets } from "@/sdk/src/core/solutions/bucket-ranges";
import { ComparisonView } from "./comparison-view";
import { useImportSolutions, usePreviewImport } from "./use-solutions";

type Issue = { path: string; message: string };

/** Import a solutions document: preview what it creates, changes and removes, then apply it. */
export function ImportCard({ draft, onClose }: { draft: SolutionsDraft; onClose: () => void }) {
  const app = draft.app.name;
  const [text, setText] = useState("");
  const [preview, setPreview] = useState<{ text: string; result: ImportPreview; version: number } | null>(null);
  const [error, setError] = useState<{ message: string; issues: Issue[] } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const previewImport = usePreviewImport(app);
  const apply = useImportSolutions(app);

  function fail(err: unknown) {
    const issues = err instanceof ApiError ? ((err.details as { issues?: Issue[] } | null)?.issues ?? []) : [];
    setError({ message: err instanceof Error ? err.message : "The import failed.", issues });
  }

  async function runPreview(source = text) {
    setDone(null);
    setPreview(null);
    let document: unknown;
    try {
      document = JSON.parse(source);
    } catch (e) {
      return setError({ message: `This is not JSON: ${e instanceof Error ? e.message : String(e)}`, issues: [] });
    }
    setError(null);
    try {
      setPreview({ text: source, result: await previewImport.mutateAsync(document), version: draft.version });
    } catch (err) {
      fail(err);
    }
  }

  async function upload(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > BODY_LIMITS.solutionsImport) {
      e.target.value = "";
      return setError({
        message: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MiB: a solutions document is at most ${formatBytes(BODY_LIMITS.solutionsImport)} (and ${CAPS.solutionsPerApp} solutions).`,
        issues: [],
      });
    }
    const content = await file.text();
    setText(content);
    e.target.value = "";
    await runPreview(content);
  }

  async function onApply() {
    if (!preview) return;
    try {
      await apply.mutateAsync({ version: preview.version, document: JSON.parse(preview.text) });
      setDone("Imported: the draft now holds the document's solutions.");
      setPreview(null);
      setText("");
    } catch (err) {
      fail(err);
    }
  }

  const stale = preview !== null && (preview.text !== text || preview.version !== draft.version);
  const split = preview?.result.split;

  return (
    <Card title="Import a solutions document" actions={<Button size="sm" variant="ghost" onClick={onClose}>Close</Button>}>
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          Paste or upload the JSON document (<span className="font-mono">{"{ app_name, solutions: [ { v1: { features, model, fg, buckets } } ] }"}</span>). The
          import makes the draft exactly the document: solutions missing from it are removed. Nothing changes until you apply it.
        </p>
        <label htmlFor="import-document" className="block text-sm font-medium text-slate-700">
          Document
        </label>
        <Textarea id="import-document" rows={8} className="font-mono text-xs" value={text} onChange={(e) => setText(e.target.value)} placeholder='Paste the document, e.g. { "app_name": "favpush", "solutions": [ … ] }' />
        <div className="flex flex-wrap items-center gap-2">
          <Button onClick={() => runPreview()} disabled={!text.trim() || previewImport.isPending}>
            {previewImport.isPending ? "Checking…" : "Preview import"}
          </Button>
          <label className="inline-flex h-9 cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3.5 text-sm font-medium text-slate-700 focus-within:outline-2 focus-within:outline-indigo-500 hover:bg-slate-50">
            Upload a file…
            <input type="file" accept=".json,application/json" className="sr-only" onChange={upload} />
          </label>
        </div>
        {error ? (
          <Alert tone="error" title="Cannot import this document">
            <p>{error.issues.length ? "Fix these and preview again:" : error.message}</p>
            {error.issues.length ? (
              <ul className="mt-1 list-disc pl-5 font-mono text-xs">
                {error.issues.map((i) => (
                  <li key={`${i.path}:${i.message}`}>
                    {i.path}: <span className="font-sans">{i.message}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        ) : null}
        {done ? <Alert tone="success">{done}</Alert> : null}
        {preview ? (
          <div className="space-y-3 rounded-md border border-slate-200 p-4" data-testid="import-preview">
            <h3 className="text-sm font-semibold text-slate-900">What the import would do</h3>
            <ComparisonView comparison={preview.result} beforeLabel="Draft now" afterLabel="After import" />
            {split && !split.ok ? (
              <Alert tone="error" title="The document's split is invalid, so it cannot be imported">
                <ul className="list-disc pl-5">
                  {split.gaps.length ? <li>{describeBuckets(split.gaps)} belong to no solution</li> : null}
                  {split.overlaps.length ? <li>{describeBuckets(split.overlaps.map((o) => o.bucket))} belong to several solutions</li> : null}
                  {split.outOfRange.map((o) => (
                    <li key={`${o.solution}:${o.bucket}`}>
                      bucket {o.bucket} of {o.solution} is outside 0-{preview.result.bucketCount - 1}
                    </li>
                  ))}
                </ul>
              </Alert>
            ) : null}
            {stale ? <p className="text-sm text-amber-800">The text or the draft changed since this preview: preview again.</p> : null}
            <Button variant="primary" disabled={!preview.result.changes || !split?.ok || stale || apply.isPending} onClick={onApply}>
              {apply.isPending ? "Importing…" : "Apply import"}
            </Button>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
