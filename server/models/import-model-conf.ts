import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { models } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { parseModelConfigText } from "@/server/tfs/model-config";
import { checkModelBasePath } from "./check-base-path";
import { findModelRow } from "./get-model";
import { toModelDto } from "./model-dto";

/**
 * Takes over the models of a TF Serving model.conf: each one is created, or updated in place
 * (base path, platform, policy, labels). Meant for taking over what instances already serve,
 * so nothing is sent here. The stored config is what every later reload carries: it goes out
 * with the next operation on this model, or on any other model of the same instance (each
 * reload sends the instance's whole config). To change what is served, run an operation.
 */
export async function importModelConf(db: Db, opts: { actor: Actor; text: string }) {
  // Every base path is checked before anything is written: one bad model refuses the whole file.
  const configs = parseModelConfigText(opts.text).map((c) => ({ ...c, basePath: checkModelBasePath(c.basePath, { field: "base_path", model: c.name }) }));
  return db.transaction(async (tx) => {
    const out = [];
    for (const c of configs) {
      const values = {
        basePath: c.basePath,
        platform: c.modelPlatform || "tensorflow",
        // TF Serving's default when no policy is given is "latest 1".
        policy: c.versionPolicy ?? { kind: "latest" as const, numVersions: 1 },
        labels: c.versionLabels,
        updatedBy: actorLabel(opts.actor),
        updatedAt: new Date(),
      };
      const existing = await findModelRow(tx, c.name);
      if (existing) {
        const [row] = await tx.update(models).set({ ...values, version: existing.version + 1 }).where(eq(models.id, existing.id)).returning();
        const after = toModelDto(row!);
        await recordAudit(tx, { actor: opts.actor, kind: "model", action: "import", target: c.name, before: toModelDto(existing), after });
        out.push({ model: after, created: false });
      } else {
        const [row] = await tx.insert(models).values({ name: c.name, ...values }).returning();
        const after = toModelDto(row!);
        await recordAudit(tx, { actor: opts.actor, kind: "model", action: "import", target: c.name, after });
        out.push({ model: after, created: true });
      }
    }
    return { models: out };
  });
}
