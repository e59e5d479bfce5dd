import { jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import type { DeclarativeSpec } from "@/server/contracts/fg";
import { createdAt } from "./columns";

/**
 * Published fg package versions (docs/fg.md): `com.xxx.ranking.fg.LRFg` @ `v2`.
 * Immutable once published: the domain has no update or delete, so a solution pinned to a
 * version keeps its behaviour. `sha256` is the digest of the canonical package text.
 */
export const fgPackages = pgTable(
  "fg_packages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    className: text("class_name").notNull(),
    version: text("version").notNull(),
    kind: text("kind", { enum: ["declarative", "code"] }).notNull(),
    spec: jsonb("spec").$type<DeclarativeSpec>(),
    source: text("source"),
    sha256: text("sha256").notNull(),
    description: text("description").notNull().default(""),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique("fg_packages_class_version").on(t.className, t.version)],
);
