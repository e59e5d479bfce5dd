"use client";

import { Alert } from "@/components/ui/alert";
import { appBlockChanges } from "@/sdk/src/core/solutions/app-block-change";
import type { ContentDiff } from "@/sdk/src/core/releases/release-diff";

const LABEL = { salt: "Salt", hash_key: "Hash key", bucket_count: "Bucket count" } as const;

/**
 * Above a release-content diff (a change request, the draft against the last release): the
 * app's bucket settings change with it, and what that does to traffic, said plainly.
 */
export function AppBlockChangeNotice({ diff }: { diff: ContentDiff }) {
  const changes = appBlockChanges(diff);
  if (changes.length === 0) return null;
  return (
    <Alert tone="warning" title="This publish changes the app's bucket settings">
      <ul className="list-disc space-y-1 pl-5" data-testid="app-block-changes">
        {changes.map((c) => (
          <li key={c.setting}>
            {LABEL[c.setting]}: <span className="font-mono">{JSON.stringify(c.before)}</span> → <span className="font-mono">{JSON.stringify(c.after)}</span>. {c.effect}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
