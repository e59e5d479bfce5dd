import type { Db, Tx } from "@/db";
import { changeKindHandler } from "./change-kinds";
import type { ChangeRequestDto } from "./change-request-dto";

/** Pending requests with `newerRelease` set when they are stale (change-kind-handler.ts). */
export async function withNewerRelease<T extends ChangeRequestDto>(db: Db | Tx, requests: T[]): Promise<T[]> {
  const out: T[] = [];
  for (const request of requests) {
    const find = request.state === "pending" ? changeKindHandler(request.kind)?.newerRelease : undefined;
    out.push(find ? { ...request, newerRelease: await find(db, request) } : request);
  }
  return out;
}
