import type { Db } from "@/db";
import type { Health } from "@/server/contracts/connections";
import { isAppError } from "@/server/errors";
import { findFeatureTable } from "./find-feature-table";
import { storeOfRow } from "./open-feature-store";

/** Whether the storage behind a table answers; an unreachable one is `ok: false` with the reason. */
export async function checkTableHealth(db: Db, name: string): Promise<Health> {
  const row = await findFeatureTable(db, name);
  const t0 = performance.now();
  try {
    const h = await (await storeOfRow(db, row)).health();
    return { ok: h.ok, detail: h.detail ?? (h.ok ? "ok" : "unreachable"), ms: Math.round(performance.now() - t0) };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { ok: false, detail: e.message, ms: Math.round(performance.now() - t0) };
  }
}
