"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { ChangeRequestListItem } from "@/server/contracts/approvals";
import { isChangeRequestKind, type ChangeRequestKind } from "@/server/contracts/change-kinds";

/**
 * How each kind of change request looks in the Approvals list beyond what every request shows:
 * what approving it produced, and the editor of the change it asks for (for kinds whose change
 * the requester may replace: server/contracts/change-kinds.ts says when).
 */
export interface ChangeKindView {
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
};

/** A kind this console does not know shows what every request shows, and nothing else. */
export function changeKindView(kind: string): ChangeKindView {
  return isChangeRequestKind(kind) ? CHANGE_KIND_VIEWS[kind] : {};
}
