import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { modelInstances, models } from "@/db/schema";
import { conflict } from "@/server/errors";
import type { ModelConfig } from "@/server/tfs/model-config";
import { toModelConfig, toModelDto } from "../model-dto";
import { probeInstance } from "../probe-instance";
import type { ModelFields } from "./plan-operation";

/**
 * The whole config an instance must serve: every model it serves, with `override` replacing
 * one model's fields. HandleReloadConfigRequest replaces the whole list, so leaving a model
 * out would unload it. What an instance serves comes from the registry; a registration that
 * lapsed (missed renewals, a console restart) does not mean the model left the instance, so
 * the instance is asked: a model still has a version that is not END there while it is in
 * its config. A model the console has no config for cannot be sent at all: refused (409)
 * before anything is sent, rather than unloaded.
 */
export async function instanceConfig(db: Db, address: string, override: { model: string; fields: ModelFields }): Promise<ModelConfig[]> {
  const registered = await db.select({ model: modelInstances.model, expiresAt: modelInstances.expiresAt }).from(modelInstances).where(eq(modelInstances.address, address));
  const now = new Date();
  const names = new Set([override.model, ...registered.filter((r) => r.expiresAt > now).map((r) => r.model)]);
  const lapsed = registered.filter((r) => !names.has(r.model));
  const stillServed = await Promise.all(
    // An instance that does not answer cannot say: keep the model (the send fails anyway).
    lapsed.map(async (r) => ((await stillServes(address, r.model)) ? r.model : null)),
  );
  for (const name of stillServed) if (name) names.add(name);

  const rows = await db.select().from(models).where(inArray(models.name, [...names]));
  const unmanaged = [...names].filter((n) => !rows.some((r) => r.name === n)).sort();
  if (unmanaged.length) {
    throw conflict(
      `Instance ${address} also serves ${unmanaged.join(", ")}, which the console has no config for; a reload replaces the instance's whole config and would unload ${unmanaged.length > 1 ? "them" : "it"}. Import ${unmanaged.length > 1 ? "their" : "its"} model.conf first.`,
      { instance: address, models: unmanaged },
    );
  }
  return rows
    .map(toModelDto)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => toModelConfig(m.name === override.model ? { ...m, ...override.fields } : m));
}

async function stillServes(address: string, model: string): Promise<boolean> {
  const status = await probeInstance(address, model);
  return !status.healthy || status.versions.some((v) => v.state !== "END");
}
