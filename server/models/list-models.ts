import { asc } from "drizzle-orm";
import type { Db } from "@/db";
import { models } from "@/db/schema";
import type { ModelOverview } from "@/server/contracts/models";
import { listInstances } from "@/server/registry/list-instances";
import { toModelDto } from "./model-dto";
import { probeInstance, withoutDetail } from "./probe-instance";

/** Every model the console manages or an instance announces, with each live instance's state. */
/** `revealDetail`: the caller is an admin, who also gets instances' raw errors. */
export async function listModels(db: Db, opts: { revealDetail?: boolean } = {}): Promise<ModelOverview[]> {
  const [rows, instances] = await Promise.all([db.select().from(models).orderBy(asc(models.name)), listInstances(db)]);
  const names = [...new Set([...rows.map((r) => r.name), ...instances.map((i) => i.model)])].sort();
  return Promise.all(
    names.map(async (name) => {
      const row = rows.find((r) => r.name === name);
      const statuses = await Promise.all(instances.filter((i) => i.model === name).map((i) => probeInstance(i.address, name)));
      return { name, managed: !!row, model: row ? toModelDto(row) : null, instances: withoutDetail(statuses, !!opts.revealDetail) };
    }),
  );
}
