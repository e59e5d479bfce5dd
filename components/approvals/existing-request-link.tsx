"use client";

import Link from "next/link";
import { ApiError } from "@/components/api-client";

/** The id of the pending request a 409 names when the same change is already waiting for review. */
export function existingRequestId(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const id = (error.details as { changeRequestId?: unknown } | null)?.changeRequestId;
  return typeof id === "string" ? id : null;
}

/** Offers to open the request that already asks for the same change (a double click, two tabs). */
export function ExistingRequestLink({ error }: { error: unknown }) {
  const id = existingRequestId(error);
  return id ? <ExistingRequestAnchor id={id} /> : null;
}

export function ExistingRequestAnchor({ id }: { id: string }) {
  return (
    <Link className="ml-1 font-medium underline" href={`/approvals?request=${encodeURIComponent(id)}`}>
      Open the existing request
    </Link>
  );
}
