import { integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import type { DagDocument } from "@/server/contracts/dag";
import { apps } from "./apps";
import { createdAt, updatedAt } from "./columns";

/**
 * The version DAG of one app (docs/dag.md), as the editor saved it. The row is also
 * the app's engine lock: every change to the app's node states runs under `FOR UPDATE` on it
 * (the engine's own steps with `SKIP LOCKED`), so exactly one transaction moves a DAG at a time.
 */
export const dagDocuments = pgTable("dag_documents", {
  app: text("app")
    .primaryKey()
    .references(() => apps.name),
  document: jsonb("document").$type<DagDocument>().notNull(),
  /** Allow-listed URL that receives alerts (signed like hooks); null: no webhook. */
  alertWebhookUrl: text("alert_webhook_url"),
  /** Optimistic concurrency: a save names the version it edited. */
  version: integer("version").notNull().default(1),
  updatedBy: text("updated_by").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
