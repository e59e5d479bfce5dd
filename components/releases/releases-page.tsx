"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import { useApps } from "@/components/apps/use-apps";
import { useSelectedApp } from "@/components/shell/use-selected-app";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import type { Release } from "@/server/contracts/releases";
import { DeliveryBadge } from "./delivery-badge";
import { VerificationBadge, VerificationFailures } from "./verification-badge";
import { ReleaseDetails } from "./release-details";
import { ReleaseSettingsForm } from "./release-settings-card";
import { useReleases } from "./use-releases";
import { liveHrefAround } from "@/components/live/live-window";

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The Releases section: what the selected app published to the config center, with diffs, delivery and rollback. */
export function ReleasesPage({ canEdit, isAdmin }: { canEdit: boolean; isAdmin: boolean }) {
  const [app] = useSelectedApp();
  const apps = useApps();
  if (!app) {
    return (
      <>
        <PageHeader title="Releases" />
        {apps.isLoading ? <Loading /> : <EmptyState title="Choose an app">Releases belong to an app: pick one in the switcher at the top.</EmptyState>}
      </>
    );
  }
  return <AppReleases key={app} app={app} canEdit={canEdit} isAdmin={isAdmin} />;
}

function AppReleases({ app, canEdit, isAdmin }: { app: string; canEdit: boolean; isAdmin: boolean }) {
  const query = useReleases(app);
  const [open, setOpen] = useState<string | null>(null);
  const [editingSettings, setEditingSettings] = useState(false);
  const settings = query.data?.settings;

  return (
    <>
      <PageHeader
        title="Releases"
        description={
          <>
            Every publish of <span className="font-medium text-slate-900">{app}</span>&apos;s solutions document and versions to the config center: who asked, who approved, what changed, and whether it arrived. A rollback is a new release with an older release&apos;s content.
          </>
        }
        actions={
          settings ? (
            <>
              <span className="text-sm text-slate-600" data-testid="approval-setting">
                {settings.requiresApproval ? `Publishing needs ${settings.requiredApprovals} ${settings.requiredApprovals === 1 ? "approval" : "approvals"}` : "Publishing needs no approval"}
              </span>
              {isAdmin && !editingSettings ? <Button size="sm" onClick={() => setEditingSettings(true)}>Change</Button> : null}
            </>
          ) : null
        }
      />
      {editingSettings && settings ? <ReleaseSettingsForm app={app} settings={settings} onDone={() => setEditingSettings(false)} /> : null}
      {query.isLoading ? <Loading label="Loading releases…" /> : null}
      {query.error ? <Alert tone="error" title="Could not load releases">{query.error.message}</Alert> : null}
      {query.data?.blockedBy ? (
        <div className="mb-4">
          <Alert tone="error" title={`#${query.data.blockedBy.seq} could not be delivered`}>
            {query.data.blockedBy.reason ?? "The config center refused it."} Later releases of {app} wait until an admin retries or skips it
            {isAdmin ? <> on the <Link className="font-medium underline" href="/admin#config-center">Admin page</Link></> : null}.
          </Alert>
        </div>
      ) : null}
      {query.data && query.data.releases.length === 0 ? (
        <EmptyState title="Nothing published yet" action={<Link href={`/solutions?app=${encodeURIComponent(app)}`} className="text-sm font-medium text-indigo-700 hover:underline">Go to Solutions</Link>}>
          A release is created when a publish of {app} is approved (or at once when the app needs no approval).
        </EmptyState>
      ) : null}
      {query.data && query.data.releases.length > 0 ? (
        <Table caption={`Releases of ${app}, newest first`}>
          <thead>
            <tr>
              <Th className="w-14">#</Th>
              <Th className="min-w-[18rem]">Change</Th>
              <Th>Asked by</Th>
              <Th>Approved by</Th>
              <Th>Delivery</Th>
              <Th className="w-32"><span className="sr-only">Actions</span></Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {query.data.releases.map((release, index) => (
              <Fragment key={release.id}>
                <ReleaseRow app={app} release={release} open={open === release.id} onToggle={() => setOpen(open === release.id ? null : release.id)} />
                {open === release.id ? (
                  <tr>
                    <td colSpan={6} className="p-0">
                      <ReleaseDetails app={app} release={release} isLatest={index === 0} canEdit={canEdit} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </Table>
      ) : null}
    </>
  );
}

function ReleaseRow({ app, release, open, onToggle }: { app: string; release: Release; open: boolean; onToggle: () => void }) {
  const changes = release.diff.changes.length;
  return (
    <tr data-testid={`release-row-${release.seq}`} className={open ? "bg-indigo-50/40" : undefined}>
      <Td className="font-mono text-sm font-semibold text-slate-900">#{release.seq}</Td>
      <Td>
        <p className="text-slate-900">{release.comment}</p>
        <p className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
          <span className="whitespace-nowrap">{when(release.createdAt)}</span>
          <span className="whitespace-nowrap">{changes} changed {changes === 1 ? "key" : "keys"}</span>
          {release.rollbackOf ? <Badge tone="indigo">rollback to #{release.rollbackOf.seq}</Badge> : null}
          {release.automatic ? <Badge>automatic</Badge> : null}
          {release.verification.override ? <Badge tone="amber">verification overridden</Badge> : null}
          {release.delivery.deliveredAt ? (
            <Link className="whitespace-nowrap font-medium text-indigo-700 hover:underline" href={liveHrefAround(app, release.delivery.deliveredAt)}>
              Live around it
            </Link>
          ) : null}
        </p>
      </Td>
      <Td className="text-sm">{release.author}</Td>
      <Td className="text-sm">
        {release.approvers.length === 0 ? (
          <span className="text-xs text-slate-400">{release.automatic ? "not needed" : "no approval needed"}</span>
        ) : (
          <ul className="space-y-0.5">
            {release.approvers.map((a) => (
              <li key={a.id} title={a.comment || undefined}>{a.name}</li>
            ))}
          </ul>
        )}
      </Td>
      <Td>
        <div className="flex flex-wrap items-center gap-1" data-testid="delivery-state">
          <DeliveryBadge delivery={release.delivery} />
          <VerificationBadge release={release} />
        </div>
        <VerificationFailures release={release} />
        {/* A failed verification's reason is the failures listed above; any other (the center, the re-check) shows as is. */}
        {release.delivery.reason && release.delivery.state !== "delivered" && !(release.verification.failures.length > 0 && release.delivery.reason.startsWith("Verification ")) ? (
          <p className="mt-1 max-w-xs text-xs text-red-700">{release.delivery.reason}</p>
        ) : null}
      </Td>
      <Td className="text-right">
        <Button size="sm" variant={open ? "primary" : "secondary"} onClick={onToggle} aria-expanded={open}>
          {open ? "Hide diff" : "Show diff"}
        </Button>
      </Td>
    </tr>
  );
}
