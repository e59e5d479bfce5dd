"use client";

import Link from "next/link";
import { useSelectedApp } from "@/components/shell/use-selected-app";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import { DagEditor } from "./dag-editor";
import { useDag } from "./use-dag";

export function DagPage({ canEdit, canReview }: { canEdit: boolean; canReview: boolean }) {
  const [app] = useSelectedApp();
  if (!app) {
    return (
      <>
        <PageHeader title="Version DAG" />
        <EmptyState title="Choose an app" action={<Link className="text-sm font-medium text-indigo-700 underline" href="/apps">Go to apps</Link>}>
          Each app has one version DAG. Pick the app in the switcher at the top.
        </EmptyState>
      </>
    );
  }
  return <AppDag app={app} canEdit={canEdit} canReview={canReview} />;
}

function AppDag({ app, canEdit, canReview }: { app: string; canEdit: boolean; canReview: boolean }) {
  const dag = useDag(app);
  return (
    <>
      <PageHeader
        title={`Version DAG · ${app}`}
        description="How a new data or model version travels to the config center: data nodes are set by data platforms, trigger nodes call hooks and wait for confirmation (and a reviewer, when required), output nodes write versions. State is live."
      />
      {dag.isPending ? <Loading label="Loading the DAG…" /> : null}
      {dag.error ? <Alert tone="error" title="Could not load the DAG">{dag.error.message}</Alert> : null}
      {dag.data ? (
        dag.data.version === 0 && !canEdit ? (
          <EmptyState title="No version DAG yet">An editor draws this app&apos;s DAG here: data, trigger and output nodes.</EmptyState>
        ) : (
          <DagEditor key={app} app={app} record={dag.data} canEdit={canEdit} canReview={canReview} />
        )
      ) : null}
    </>
  );
}
