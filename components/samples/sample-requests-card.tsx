"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Loading } from "@/components/ui/loading";
import { Table, Td, Th } from "@/components/ui/table";
import type { SampleRequest } from "@/server/contracts/verification";
import { AddSampleForm } from "./add-sample-form";
import { originPreview, when } from "./origin-preview";
import { RecentTrialsPicker } from "./recent-trials-picker";
import { useDeleteSampleRequest, useSampleRequests } from "./use-samples";

const SOURCE_TONE = { manual: "indigo", trial: "green", demo: "slate" } as const;

/**
 * An app's sample requests: every candidate release is scored on them before it goes out.
 * Admins add (typed, or from recent trials) and delete; everyone else reads.
 */
export function SampleRequestsCard({ app, originFields, canAdmin }: { app: string; originFields: string[]; canAdmin: boolean }) {
  const { data, isLoading, error } = useSampleRequests(app);
  const [picking, setPicking] = useState(false);
  const [notice, setNotice] = useState("");
  const samples = data?.sampleRequests ?? [];
  const full = data ? samples.length >= data.limit : false;

  return (
    <Card
      title="Sample requests"
      actions={data ? <span className="text-xs text-slate-500">{samples.length} of at most {data.limit}</span> : null}
    >
      <div className="space-y-4" aria-label={`Sample requests of ${app}`} role="region">
        <p className="text-sm text-slate-600">
          Every release of {app} is scored on these requests before it goes out, through each of its solutions and through live: a release whose
          samples fail is held. Pick requests that cover your users and items (a new user, a heavy one, an item with few features).
        </p>
        {isLoading ? <Loading /> : null}
        {error ? <Alert tone="error" title="Could not load the sample requests">{error.message}</Alert> : null}
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        {data && samples.length === 0 ? (
          <div className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
            <p className="font-medium text-slate-900">No sample requests yet</p>
            <p className="mt-1">Without them a release can only be checked for what it names, never scored: verification warns until there are some.</p>
          </div>
        ) : null}
        {samples.length > 0 ? (
          <Table caption={`Sample requests of ${app}`}>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Request</Th>
                <Th>Source</Th>
                <Th>Added</Th>
                {canAdmin ? <Th className="text-right"><span className="sr-only">Actions</span></Th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {samples.map((s) => (
                <SampleRow key={s.id} app={app} sample={s} canAdmin={canAdmin} onDeleted={setNotice} />
              ))}
            </tbody>
          </Table>
        ) : null}
        {canAdmin ? (
          <>
            {full ? <Alert tone="warning">{app} holds the most sample requests an app may ({data?.limit}); delete one to add another.</Alert> : null}
            {!full ? <AddSampleForm app={app} originFields={originFields} onAdded={(name) => setNotice(`Added “${name}”.`)} /> : null}
            {picking ? (
              <RecentTrialsPicker
                app={app}
                onDone={(message) => {
                  setPicking(false);
                  setNotice(message);
                }}
              />
            ) : (
              <Button onClick={() => setPicking(true)} disabled={full}>Add recent trials…</Button>
            )}
          </>
        ) : (
          <p className="text-sm text-slate-500">An admin edits the sample requests of an app, since they decide whether a release may go out.</p>
        )}
      </div>
    </Card>
  );
}

function SampleRow({ app, sample, canAdmin, onDeleted }: { app: string; sample: SampleRequest; canAdmin: boolean; onDeleted: (message: string) => void }) {
  const remove = useDeleteSampleRequest(app);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr>
      <Td className="font-medium text-slate-900">{sample.name}</Td>
      <Td>
        <code className="block max-w-xs truncate text-xs text-slate-700" title={JSON.stringify(sample.origin)}>{originPreview(sample.origin)}</code>
      </Td>
      <Td><Badge tone={SOURCE_TONE[sample.source]}>{sample.source}</Badge></Td>
      <Td className="text-xs text-slate-500">
        <span className="block max-w-48 truncate" title={sample.createdBy}>{sample.createdBy}</span>
        <span className="whitespace-nowrap">{when(sample.createdAt)}</span>
      </Td>
      {canAdmin ? (
        <Td className="whitespace-nowrap text-right">
          {confirming ? (
            <span role="group" aria-label={`Confirm deleting ${sample.name}`} className="inline-flex items-center gap-2">
              <span className="text-xs text-slate-600">Delete?</span>
              <Button
                size="sm"
                variant="danger"
                autoFocus
                disabled={remove.isPending}
                onClick={() => remove.mutate(sample.id, { onSuccess: (r) => onDeleted(`Deleted “${r.name}”.`), onSettled: () => setConfirming(false) })}
              >
                Yes, delete
              </Button>
              <Button size="sm" onClick={() => setConfirming(false)}>Keep</Button>
            </span>
          ) : (
            <Button size="sm" variant="ghost" aria-label={`Delete ${sample.name}`} onClick={() => setConfirming(true)}>Delete</Button>
          )}
          {remove.error ? <p role="alert" className="mt-1 text-xs text-red-700">{remove.error.message}</p> : null}
        </Td>
      ) : null}
    </tr>
  );
}
