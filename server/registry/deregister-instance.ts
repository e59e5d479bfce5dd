import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { modelInstances } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { notFound } from "@/server/errors";
import { toInstanceDto } from "./instance-dto";

export async function deregisterInstance(db: Db, opts: { actor: Actor; model: string; address: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(modelInstances)
      .where(and(eq(modelInstances.model, opts.model), eq(modelInstances.address, opts.address)))
      .returning();
    if (!row) throw notFound(`No instance ${opts.address} is registered for model ${opts.model}.`);
    const before = toInstanceDto(row);
    await recordAudit(tx, { actor: opts.actor, kind: "model_instance", action: "deregister", target: `${opts.model}@${opts.address}`, before });
    return before;
  });
}
