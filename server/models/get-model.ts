import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { models } from "@/db/schema";
import type { ModelDetail } from "@/server/contracts/models";
import { notFound } from "@/server/errors";
import { listInstances } from "@/server/registry/list-instances";
import { renderModelConfigText } from "@/server/tfs/model-config";
import { toModelConfig, toModelDto } from "./model-dto";
import { probeInstance, withoutDetail } from "./probe-instance";

export async function findModelRow(db: Db | Tx, name: string) {
  const [row] = await db.select().from(models).where(eq(models.name, name)).limit(1);
  return row ?? null;
}

/** `revealDetail`: the caller is an admin, who also gets instances' raw errors. */
export async function getModel(db: Db, name: string, opts: { revealDetail?: boolean } = {}): Promise<ModelDetail> {
  const [row, instances] = await Promise.all([findModelRow(db, name), listInstances(db, { model: name })]);
  if (!row && instances.length === 0) throw notFound(`No model named "${name}" is managed or registered.`, { model: name });
  const model = row ? toModelDto(row) : null;
  return {
    name,
    managed: !!model,
    model,
    instances: withoutDetail(await Promise.all(instances.map((i) => probeInstance(i.address, name))), !!opts.revealDetail),
    modelConf: model ? renderModelConfigText([toModelConfig(model)]) : null,
  };
}
