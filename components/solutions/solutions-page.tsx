"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { ApiError } from "@/components/api-client";
import { useApps } from "@/components/apps/use-apps";
import { useSelectedApp } from "@/components/shell/use-selected-app";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import type { SolutionsDraft } from "@/server/contracts/solution-drafts";
import type { Solution } from "@/server/contracts/solutions";
import { BucketEditor, type SplitEdit } from "./bucket-editor";
import { ImportCard } from "./import-card";
import { DraftLiveBanner } from "./draft-live-banner";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { RejectedRequestNotice } from "@/components/notifications/rejected-request-notice";
import { PublishCard } from "./publish-card";
import { colorMap } from "./solution-colors";
import { SolutionForm } from "./solution-form";
import { SolutionsTable } from "./solutions-table";
import { ownersOf, sameOwners } from "./split-model";
import { TrafficPreviewCard } from "./traffic-preview-card";
import { exportUrl, useAdoptDraft, useCloneSolution, useDeleteSolution, useSolutionsDraft } from "./use-solutions";

/** The Solutions section: the selected app's A/B solutions, their bucket split, traffic preview, import/export and publish. */
export function SolutionsPage({ canEdit }: { canEdit: boolean }) {
  const [app] = useSelectedApp();
  const apps = useApps();
  if (!app) {
    return (
      <>
        <PageHeader title="Solutions" />
        {apps.isLoading ? (
          <Loading />
        ) : (
          <EmptyState title="Choose an app" action={apps.data?.length ? undefined : <Link href="/apps/new" className="text-sm font-medium text-indigo-700 hover:underline">Create an app</Link>}>
            Solutions belong to an app: pick one in the switcher at the top.
          </EmptyState>
        )}
      </>
    );
  }
  return <AppSolutions key={app} app={app} canEdit={canEdit} />;
}

function AppSolutions({ app, canEdit }: { app: string; canEdit: boolean }) {
  const query = useSolutionsDraft(app);
  const [showImport, setShowImport] = useState(false);
  const header = (
    <PageHeader
      title={`Solutions of ${app}`}
      description="Each solution is a full scoring setup (features, fg, model); the bucket split decides which users get which. Changes stay in the draft until a publish is approved."
      actions={
        query.data ? (
          <>
            <a
              href={exportUrl(app)}
              download={`${app}.solutions.json`}
              className="inline-flex h-9 items-center rounded-md border border-slate-300 bg-white px-3.5 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
            >
              Export JSON
            </a>
            {canEdit ? (
              <Button onClick={() => setShowImport((v) => !v)} aria-expanded={showImport}>
                Import…
              </Button>
            ) : null}
          </>
        ) : null
      }
    />
  );
  if (query.isLoading) return <>{header}<Loading /></>;
  if (query.error || !query.data) {
    return (
      <>
        {header}
        <Alert tone="error" title="Could not load the solutions">
          {query.error instanceof ApiError && query.error.status === 404 ? `There is no app named "${app}": pick another one in the switcher.` : query.error?.message}
        </Alert>
      </>
    );
  }
  return (
    <>
      {header}
      <Workspace draft={query.data} canEdit={canEdit} showImport={showImport} closeImport={() => setShowImport(false)} />
    </>
  );
}

function Workspace({ draft, canEdit, showImport, closeImport }: { draft: SolutionsDraft; canEdit: boolean; showImport: boolean; closeImport: () => void }) {
  const app = draft.app.name;
  // Colours follow the names alone, so a draft refetched with the same solutions keeps them.
  const namesKey = draft.solutions.map((s) => s.name).join("\n");
  const colors = useMemo(() => colorMap(namesKey.split("\n")), [namesKey]);
  const names = draft.solutions.map((s) => s.name);
  const saved = useMemo(() => ownersOf(draft.app.bucketCount, draft.solutions), [draft]);
  const [edit, setEdit] = useState<SplitEdit | null>(null);
  // An edit made for another bucket count or set of solutions no longer fits the draft.
  const fits = edit !== null && edit.owners.length === draft.app.bucketCount && edit.owners.every((c) => c.every((n) => names.includes(n)));
  const owners = fits ? edit.owners : saved;
  useUnsavedChanges(fits && !sameOwners(edit.owners, saved));
  const [form, setForm] = useState<{ solution: Solution | null } | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const clone = useCloneSolution(app);
  const remove = useDeleteSolution(app);
  const adopt = useAdoptDraft(app);

  async function run(action: () => Promise<unknown>, done: string): Promise<boolean> {
    try {
      await action();
      setNotice({ tone: "success", text: done });
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && (err.details as { current?: SolutionsDraft } | null)?.current) {
        adopt((err.details as { current: SolutionsDraft }).current);
        setNotice({ tone: "error", text: `${err.message} The list now shows their change; try again.` });
      } else {
        setNotice({ tone: "error", text: err instanceof Error ? err.message : "That did not work." });
      }
      return false;
    }
  }

  return (
    <div className="space-y-6">
      <RejectedRequestNotice app={app} />
      <DraftLiveBanner draft={draft} canEdit={canEdit} />
      {showImport && canEdit ? <ImportCard draft={draft} onClose={closeImport} /> : null}

      <section aria-labelledby="solutions-heading" className="space-y-3">
        <div className="flex items-center justify-between">
          <h2 id="solutions-heading" className="text-sm font-semibold text-slate-900">
            {draft.solutions.length} {draft.solutions.length === 1 ? "solution" : "solutions"}
            <span className="ml-2 font-normal text-slate-500">
              draft version {draft.version}
              {draft.updatedBy && draft.version > 0 ? `, last changed by ${draft.updatedBy}` : ""}
            </span>
          </h2>
          {canEdit && !form && draft.solutions.length > 0 ? (
            <Button variant="primary" onClick={() => setForm({ solution: null })}>
              New solution
            </Button>
          ) : null}
        </div>
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
        {form ? (
          <SolutionForm
            key={form.solution?.name ?? "new"}
            draft={draft}
            solution={form.solution}
            onDone={(message) => {
              setForm(null);
              if (message) setNotice({ tone: "success", text: message });
            }}
          />
        ) : null}
        {draft.solutions.length === 0 ? (
          <EmptyState
            title="No solutions yet"
            action={
              canEdit ? (
                <div className="flex gap-2">
                  <Button variant="primary" onClick={() => setForm({ solution: null })}>
                    New solution
                  </Button>
                </div>
              ) : undefined
            }
          >
            Create the first solution, or import a solutions document (Import… above). A solution names its features, fg and model; then the bucket split gives it traffic.
          </EmptyState>
        ) : (
          <SolutionsTable
            draft={draft}
            colors={colors}
            canEdit={canEdit}
            actions={{
              onEdit: (solution) => setForm({ solution }),
              onClone: (solution, name) => run(() => clone.mutateAsync({ name: solution.name, input: { version: draft.version, name } }), `Cloned ${solution.name} as ${name} (no buckets yet).`),
              onDelete: (solution) => run(() => remove.mutateAsync({ name: solution.name, version: draft.version }), `Deleted ${solution.name}.`),
            }}
          />
        )}
      </section>

      <BucketEditor draft={draft} saved={saved} owners={owners} edit={fits ? edit : null} setEdit={setEdit} colors={colors} canEdit={canEdit} />

      {draft.solutions.length > 0 ? <TrafficPreviewCard draft={draft} owners={owners} colors={colors} /> : null}

      <PublishCard draft={draft} unsavedSplit={fits && !sameOwners(edit.owners, saved)} canEdit={canEdit} />
    </div>
  );
}

