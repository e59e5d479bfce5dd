"use client";

import { FgVersionUsedByCard } from "@/components/used-by/used-by-cards";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import { cx } from "@/components/ui/cx";
import type { FgClass } from "@/server/contracts/fg-packages";
import { PublishFgForm } from "./publish-fg-form";
import { TryFgBox } from "./try-fg-box";
import { useFgClasses, useFgVersion } from "./use-fg";

type Selection = { className: string; version: string } | null;

export function FgPage({ canEdit }: { canEdit: boolean }) {
  const { data: classes, isLoading, error } = useFgClasses();
  const [picked, setPicked] = useState<Selection>(null);
  const [creating, setCreating] = useState(false);
  const first = classes?.[0];
  const selected: Selection = picked ?? (first?.versions[0] ? { className: first.className, version: first.versions[0].version } : null);
  const detail = useFgVersion(selected?.className ?? null, selected?.version ?? null);
  const newButton = canEdit && !creating ? <Button variant="primary" onClick={() => setCreating(true)}>New version</Button> : null;

  return (
    <>
      <PageHeader
        title="fg (feature generation)"
        description="Versioned packages that turn a featureMap into the model's input tensors (TensorIO): the same code online and offline. Published versions never change, so a solution pinned to v2 keeps its behaviour after v3 arrives."
        actions={newButton}
      />
      <div className="space-y-6">
        {creating ? (
          <div className="space-y-2">
            <div className="flex justify-end">
              <Button size="sm" variant="ghost" onClick={() => setCreating(false)}>Cancel</Button>
            </div>
            <PublishFgForm
              base={detail.data ?? null}
              suggestVersion={(className) => nextVersion(classes?.find((c) => c.className === className))}
              onPublished={(v) => {
                setPicked({ className: v.className, version: v.version });
                setCreating(false);
              }}
            />
          </div>
        ) : null}
        {isLoading ? <Loading /> : null}
        {error ? <Alert tone="error" title="Could not load fg packages">{error.message}</Alert> : null}
        {classes && classes.length === 0 ? (
          <EmptyState title="No fg packages" action={newButton}>
            Publish a declarative spec or a JavaScript build(featureMap) as the first version of a class.
          </EmptyState>
        ) : null}
        {classes && classes.length > 0 ? (
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-[18rem_1fr]">
            <nav aria-label="fg classes and versions" className="space-y-4">
              {classes.map((c) => (
                <section key={c.className} className="rounded-lg border border-slate-200 bg-white">
                  <header className="border-b border-slate-200 px-4 py-2.5">
                    <h2 className="text-sm font-semibold text-slate-900">{c.simpleName}</h2>
                    <p className="truncate font-mono text-[11px] text-slate-500" title={c.className}>{c.className}</p>
                  </header>
                  <ul className="p-1.5">
                    {c.versions.map((v) => {
                      const active = selected?.className === c.className && selected.version === v.version;
                      return (
                        <li key={v.version}>
                          <button
                            type="button"
                            aria-current={active || undefined}
                            onClick={() => setPicked({ className: c.className, version: v.version })}
                            className={cx(
                              "flex w-full items-center justify-between rounded-md px-2.5 py-1.5 text-left text-sm focus-visible:outline-2 focus-visible:outline-indigo-500",
                              active ? "bg-indigo-50 font-medium text-indigo-900" : "text-slate-700 hover:bg-slate-50",
                            )}
                          >
                            <span className="font-mono">{v.version}</span>
                            <Badge tone={v.kind === "code" ? "amber" : "slate"}>{v.kind}</Badge>
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                </section>
              ))}
            </nav>
            <div className="min-w-0 space-y-6">
              {detail.isLoading ? <Loading /> : null}
              {detail.error ? <Alert tone="error">{detail.error.message}</Alert> : null}
              {detail.data ? (
                <>
                  <Card title={`${detail.data.className} @ ${detail.data.version}`}>
                    <div className="space-y-3">
                      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
                        <Badge tone={detail.data.kind === "code" ? "amber" : "indigo"}>{detail.data.kind}</Badge>
                        <span>published {new Date(detail.data.createdAt).toLocaleString()} by {detail.data.createdBy}</span>
                        <span className="font-mono text-xs text-slate-400" title="sha256 of the package">sha256 {detail.data.sha256.slice(0, 12)}</span>
                      </p>
                      {detail.data.description ? <p className="text-sm text-slate-700">{detail.data.description}</p> : null}
                      <pre className="max-h-96 overflow-auto rounded-md bg-slate-900 p-4 font-mono text-xs leading-relaxed text-slate-100" data-testid="fg-package">
                        {detail.data.package.kind === "declarative" ? JSON.stringify(detail.data.package.spec, null, 2) : detail.data.package.source}
                      </pre>
                      <p className="text-xs text-slate-500">
                        Offline: <code className="font-mono">SCORING_TOKEN=… npm run fg -- --fg {detail.data.className}@{detail.data.version} --input featureMaps.jsonl --output tensors.jsonl</code>
                      </p>
                    </div>
                  </Card>
                  <FgVersionUsedByCard fgClass={detail.data.className} version={detail.data.version} />
                  <Card title="Try it">
                    <TryFgBox key={`${detail.data.className}@${detail.data.version}`} target={{ ref: { className: detail.data.className, version: detail.data.version } }} />
                  </Card>
                </>
              ) : null}
            </div>
          </div>
        ) : null}
      </div>
    </>
  );
}

/** v3 after v2; "v1" for a new class. */
function nextVersion(c: FgClass | undefined): string {
  const numbers = (c?.versions ?? []).map((v) => /^v(\d+)$/.exec(v.version)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  return `v${numbers.length > 0 ? Math.max(...numbers) + 1 : 1}`;
}
