"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { SolutionUse } from "@/server/contracts/used-by";

const TONE = { live: "green", draft: "slate", pending: "amber" } as const;

function source(u: SolutionUse): string {
  if (u.where === "live") return u.release ? `release #${u.release.seq}` : "live";
  if (u.where === "pending") return u.changeRequest ? `request “${u.changeRequest.title}”` : "pending request";
  return "draft";
}

/** The solutions that use something, grouped by app: live first, then draft, then pending requests. */
export function UsesList({ uses, empty, label }: { uses: SolutionUse[]; empty: string; label: string }) {
  if (uses.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  const apps = [...new Set(uses.map((u) => u.app))];
  const rank = { live: 0, draft: 1, pending: 2 };
  return (
    <ul aria-label={label} className="space-y-3">
      {apps.map((app) => (
        <li key={app}>
          <p className="text-sm font-medium text-slate-800">
            App <Link href={`/solutions?app=${encodeURIComponent(app)}`} className="text-indigo-700 underline-offset-2 hover:underline">{app}</Link>
          </p>
          <ul className="mt-1 space-y-1">
            {uses
              .filter((u) => u.app === app)
              .sort((a, b) => rank[a.where] - rank[b.where] || a.solution.localeCompare(b.solution))
              .map((u, i) => (
                <li key={`${u.where}-${u.solution}-${u.changeRequest?.id ?? ""}-${i}`} className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge tone={TONE[u.where]}>{u.where}</Badge>
                  <span>
                    solution <span className="font-mono">{u.solution}</span>
                  </span>
                  <span className="text-xs text-slate-500">{source(u)}</span>
                  {u.via ? <span className="text-xs text-slate-500">via version key <span className="font-mono">{u.via}</span></span> : null}
                  {u.features?.length ? (
                    <span className="w-full pl-1 font-mono text-xs text-slate-600">
                      {u.features.map((f) => `${f.name}: ${f.template}`).join(" · ")}
                    </span>
                  ) : null}
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
