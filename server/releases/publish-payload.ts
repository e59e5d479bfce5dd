import type { ChangeRequestKind } from "@/server/contracts/change-kinds";
import type { StoredChange } from "./release-content";

/** The payload of a change request of kind "publish". */
export interface PublishPayload {
  change: StoredChange;
  /** The latest release when it was asked for (the diff shown to reviewers is against it). */
  baseReleaseId: string | null;
  /** A rollback: the release whose content it restores. */
  rollbackOf: string | null;
  /** The hash of the content it would publish on its base: a second request with the same base and hash is a duplicate. */
  contentHash?: string | null;
  /** A rollback that rolls DAG-written keys back: the output nodes held when it is created. */
  holds?: string[];
}

export const PUBLISH_KIND = "publish" satisfies ChangeRequestKind;

export function readPublishPayload(payload: unknown): PublishPayload {
  const value = payload as Partial<PublishPayload> | null;
  return {
    change: value?.change ?? {},
    baseReleaseId: value?.baseReleaseId ?? null,
    rollbackOf: value?.rollbackOf ?? null,
    contentHash: value?.contentHash ?? null,
    holds: value?.holds ?? [],
  };
}
