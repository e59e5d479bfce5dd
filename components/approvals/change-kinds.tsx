"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { ChangeRequestListItem } from "@/server/contracts/approvals";
import { isChangeRequestKind, type ChangeRequestKind } from "@/server/contracts/change-kinds";
import { DagChangeDiffSchema, describeWeakening } from "@/server/contracts/dag-change";

/**
 * How each kind of change request looks in the Approvals list beyond what every request shows:
 * what approving it produced, and the editor of the change it asks for (for kinds whose change
 * the requester may replace: server/contracts/change-kinds.ts says when).
 */
export interface ChangeKindView {
  /** What the request changes, when the kind says it better than the generic JSON view. */
  whatChanges?: (request: ChangeRequestListItem) => ReactNode;
  /** A line on the card once the request was approved and applied. */
  outcome?: (request: ChangeRequestListItem) => ReactNode;
  changeEditor?: {
    label: string;
    hint: string;
    /** The change as the editor starts with it, from the request's payload. */
    initialText: (payload: unknown) => string;
  };
}

const CHANGE_KIND_VIEWS: { readonly [K in ChangeRequestKind]: ChangeKindView } = {
  publish: {
    outcome(request) {
      const outcome = request.outcome as { releaseId?: string; seq?: number } | null;
      if (!outcome?.releaseId) return null;
      return (
        <p className="text-sm text-slate-700">
          Released as{" "}
          <Link className="font-medium text-indigo-700 hover:underline" href={`/releases?app=${encodeURIComponent(request.app)}`}>
            release #{outcome.seq ?? ""} of {request.app}
          </Link>
          .
        </p>
      );
    },
    changeEditor: {
      label: "Requested change (JSON: document and/or versions)",
      hint: "The document replaces the published one; versions are merged key by key.",
      initialText(payload) {
        const change = (payload as { change?: { document?: unknown; versions?: unknown } } | null)?.change;
        return change ? JSON.stringify({ document: change.document, versions: change.versions }, null, 2) : "{}";
      },
    },
  },
  dag_promotion: {},
  dag_change: {
    whatChanges(request) {
      const diff = DagChangeDiffSchema.safeParse(request.diff);
      if (!diff.success) return null;
      return (
        <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-slate-800" data-testid="dag-change-summary">
          <p className="font-medium">Approving saves this DAG of {request.app} over version {diff.data.baseVersion}. It weakens review:</p>
          <ul className="mt-1 list-disc pl-5">
            {diff.data.reasons.map((reason, i) => (
              <li key={i}>{describeWeakening(reason)}</li>
            ))}
          </ul>
          <Link className="mt-1 inline-block text-indigo-700 underline" href={`/dag?app=${encodeURIComponent(request.app)}`}>
            Open the DAG as it is now
          </Link>
        </div>
      );
    },
    outcome(request) {
      const version = (request.outcome as { version?: number } | null)?.version;
      return version ? <p className="text-sm text-slate-700">Saved as version {version} of the DAG of {request.app}.</p> : null;
    },
  },
};

/** A kind this console does not know shows what every request shows, and nothing else. */
export function changeKindView(kind: string): ChangeKindView {
  return isChangeRequestKind(kind) ? CHANGE_KIND_VIEWS[kind] : {};
}
