"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import { DecisionStatus, type Decision } from "./decision-status";
import { RequestCard, type Me } from "./request-card";
import { useChangeRequest, useChangeRequests, useWaitingCount, type ListFilter } from "./use-approvals";

const TABS: { id: string; label: string; filter: ListFilter; empty: string }[] = [
  { id: "mine", label: "Waiting for me", filter: { state: "pending", waiting: "me" }, empty: "Nothing waits for your review." },
  { id: "pending", label: "All pending", filter: { state: "pending" }, empty: "No request is pending." },
  { id: "all", label: "History", filter: { state: "all" }, empty: "No change requests yet." },
];

/** Publishes, rollbacks and DAG promotions waiting for reviewers, and what was decided. */
export function ApprovalsPage({ me, canReview }: { me: Me; canReview: boolean }) {
  const [tab, setTab] = useState(canReview ? "mine" : "pending");
  const current = TABS.find((t) => t.id === tab) ?? TABS[0]!;
  const list = useChangeRequests(current.filter);
  const waiting = useWaitingCount();
  // `?request=<id>`: opened on one request (e.g. "Open the existing request" after a duplicate).
  const focusId = useSearchParams().get("request") ?? undefined;
  const [decided, setDecided] = useState<Decision | null>(null);

  return (
    <>
      <PageHeader title="Approvals" description="Publishes and version promotions need a reviewer's approval before they reach the config center. Nobody approves their own request; editing a request withdraws its approvals." />
      <DecisionStatus decided={decided} />
      {focusId ? <FocusedRequest id={focusId} me={me} onDecided={setDecided} /> : null}
      <div role="tablist" aria-label="Which requests" className="mb-5 flex gap-1 border-b border-slate-200">
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            type="button"
            aria-selected={t.id === tab}
            onClick={() => setTab(t.id)}
            className={cx(
              "-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-indigo-500",
              t.id === tab ? "border-indigo-600 font-medium text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {t.label}
            {t.id === "mine" && waiting.data ? <span className="rounded-full bg-indigo-600 px-1.5 text-xs font-semibold text-white">{waiting.data}</span> : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={current.label}>
        {list.isLoading ? <Loading label="Loading requests…" /> : null}
        {list.error ? <Alert tone="error" title="Could not load change requests">{list.error.message}</Alert> : null}
        {list.data?.length === 0 ? <EmptyState title={current.empty}>{current.id === "mine" ? "When an editor asks to publish or promote, the request shows up here." : null}</EmptyState> : null}
        <div className="space-y-4">
          {list.data?.map((request) => <RequestCard key={request.id} request={request} me={me} onDecided={setDecided} />)}
        </div>
      </div>
    </>
  );
}

function FocusedRequest({ id, me, onDecided }: { id: string; me: Me; onDecided: (decided: Decision) => void }) {
  const one = useChangeRequest(id);
  return (
    <section aria-label="The request you opened" className="mb-6 space-y-2">
      <div className="flex items-center justify-between text-xs text-slate-500">
        <span>The request you opened</span>
        <Link className="text-indigo-700 hover:underline" href="/approvals">Show all</Link>
      </div>
      {one.isLoading ? <Loading label="Loading the request…" /> : null}
      {one.error ? <Alert tone="error" title="Could not load the request">{one.error.message}</Alert> : null}
      {one.data ? <RequestCard request={one.data} me={me} onDecided={onDecided} /> : null}
    </section>
  );
}
