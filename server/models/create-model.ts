import type { Db } from "@/db";
import { models } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { CreateModelSchema, type CreateModelInput } from "@/server/contracts/models";
import { conflict } from "@/server/errors";
import { checkModelBasePath } from "./check-base-path";
import { findModelRow } from "./get-model";
import { toModelDto } from "./model-dto";

export async function createModel(db: Db, opts: { actor: Actor; input: CreateModelInput }) {
  const parsed = CreateModelSchema.parse(opts.input);
  const input = { ...parsed, basePath: checkModelBasePath(parsed.basePath, { field: "basePath" }) };
  return db.transaction(async (tx) => {
    if (await findModelRow(tx, input.name)) throw conflict(`A model named "${input.name}" already exists.`, { field: "name" });
    const [row] = await tx
      .insert(models)
      .values({ name: input.name, description: input.description, basePath: input.basePath, policy: input.policy, updatedBy: actorLabel(opts.actor) })
      .returning();
    const model = toModelDto(row!);
    await recordAudit(tx, { actor: opts.actor, kind: "model", action: "create", target: model.name, after: model });
    return model;
  });
}
