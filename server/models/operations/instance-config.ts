import { and, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { modelInstances, models } from "@/db/schema";
import type { ModelConfig } from "@/server/tfs/model-config";
import { toModelConfig, toModelDto } from "../model-dto";
import type { ModelFields } from "./plan-operation";

/**
 * The whole config an instance must serve: every managed model registered at its address,
 * with `override` replacing one model's fields. HandleReloadConfigRequest replaces the whole
 * list, so sending less would unload the other models.
 */
export async function instanceConfig(db: Db, address: string, override: { model: string; fields: ModelFields }): Promise<ModelConfig[]> {
  const served = await db
    .select({ model: modelInstances.model })
    .from(modelInstances)
    .where(and(eq(modelInstances.address, address), gt(modelInstances.expiresAt, new Date())));
  const names = [...new Set([override.model, ...served.map((s) => s.model)])];
  const rows = await db.select().from(models).where(inArray(models.name, names));
  return rows
    .map(toModelDto)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => toModelConfig(m.name === override.model ? { ...m, ...override.fields } : m));
}
