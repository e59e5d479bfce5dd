"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import type { App, LiveBucketSettings } from "@/server/contracts/apps";

const ROWS = [
  { key: "bucketCount", label: "Bucket count" },
  { key: "hashKey", label: "Hash key" },
  { key: "salt", label: "Salt" },
] as const;

/**
 * On an app's page: bucket settings saved here are pending; scoring services keep the live
 * ones (the latest release's `app` block) until a reviewed publish carries them. When the two
 * differ, both are shown.
 */
export function BucketSettingsNotice({ app, live }: { app: App; live: LiveBucketSettings | null }) {
  const differing = live ? ROWS.filter((row) => String(app[row.key]) !== String(live[row.key])) : [];
  const publish = (
    <Link className="font-medium underline" href="/solutions">
      Request publish on Solutions
    </Link>
  );
  if (differing.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        {live
          ? `Scoring services bucket with these settings (release #${live.releaseSeq}). A change saved here goes out with the next reviewed publish of the solutions, not before.`
          : "Nothing is published yet: the first reviewed publish of the solutions carries these settings."}
      </p>
    );
  }
  return (
    <Alert tone="warning" title="Pending bucket settings: not live yet">
      <p>
        Scoring services still bucket with release #{live!.releaseSeq}&apos;s settings. These go out with the next reviewed publish of the solutions ({publish}); its
        reviewers see the change.
      </p>
      <table className="mt-2 text-sm" aria-label="Pending and live bucket settings">
        <thead>
          <tr className="text-left">
            <th className="pr-6 font-medium">Setting</th>
            <th className="pr-6 font-medium">Pending (this page)</th>
            <th className="font-medium">Live (release #{live!.releaseSeq})</th>
          </tr>
        </thead>
        <tbody>
          {differing.map((row) => (
            <tr key={row.key}>
              <td className="pr-6">{row.label}</td>
              <td className="pr-6 font-mono">{String(app[row.key])}</td>
              <td className="font-mono">{String(live![row.key])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Alert>
  );
}
