import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { models } from "@/db/schema";
import type { ModelDetail } from "@/server/contracts/models";
import { notFound } from "@/server/errors";
import { listInstances } from "@/server/registry/list-instances";
import { renderModelConfigText } from "@/server/tfs/model-config";
import { toModelConfig, toModelDto } from "./model-dto";
import { probeInstance } from "./probe-instance";

export async function findModelRow(db: Db | Tx, name: string) {
  const [row] = await db.select().from(models).where(eq(models.name, name)).limit(1);
  return row ?? null;
}

export async function getModel(db: Db, name: string): Promise<ModelDetail> {
  const [row, instances] = await Promise.all([findModelRow(db, name), listInstances(db, { model: name })]);
  if (!row && instances.length === 0) throw notFound(`No model named "${name}" is managed or registered.`, { model: name });
  const model = row ? toModelDto(row) : null;
  return {
    name,
    managed: !!model,
    model,
    instances: await Promise.all(instances.map((i) => probeInstance(i.address, name))),
    modelConf: model ? renderModelConfigText([toModelConfig(model)]) : null,
  };
}
