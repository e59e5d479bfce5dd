import type { Tx } from "@/db";
import { dagNodeEvents } from "@/db/schema";

export interface NodeEventRecord {
  key: string;
  type: string;
  version: string | null;
  message: string;
  actor: string;
  detail?: unknown;
  at: Date;
}

/** Appends node history entries (one insert for all of them). */
export async function insertNodeEvents(tx: Tx, app: string, events: NodeEventRecord[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(dagNodeEvents).values(
    events.map((e) => ({ app, key: e.key, type: e.type, version: e.version, message: e.message, actor: e.actor, detail: e.detail ?? null, at: e.at })),
  );
}
