import type { models } from "@/db/schema";
import type { Model } from "@/server/contracts/models";
import type { ModelConfig } from "@/server/tfs/model-config";

export function toModelDto(row: typeof models.$inferSelect): Model {
  return {
    name: row.name,
    description: row.description,
    basePath: row.basePath,
    platform: row.platform,
    policy: row.policy,
    labels: row.labels,
    version: row.version,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toModelConfig(model: Pick<Model, "name" | "basePath" | "platform" | "policy" | "labels">): ModelConfig {
  return {
    name: model.name,
    basePath: model.basePath,
    modelPlatform: model.platform,
    versionPolicy: model.policy,
    versionLabels: { ...model.labels },
  };
}
