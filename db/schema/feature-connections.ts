import { boolean, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";

/**
 * Admin-managed connections of feature tables (docs/templates.md, docs/roles.md). The password is
 * never stored in clear: `passwordCipher` is AES-256-GCM under SECRET_KEY
 * (server/crypto/secret-box.ts), and no DTO or audit entry ever carries it.
 */
export const featureConnections = pgTable("feature_connections", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  kind: text("kind", { enum: ["redis"] }).notNull().default("redis"),
  host: text("host").notNull(),
  port: integer("port").notNull(),
  /** The Redis logical database number. */
  database: integer("database").notNull().default(0),
  username: text("username"),
  passwordCipher: text("password_cipher"),
  tls: boolean("tls").notNull().default(false),
  description: text("description").notNull().default(""),
  /**
   * The key prefixes the connection's tables may use (admins set them): a table's prefix must be
   * non-empty and start with one of these, so an editor's table never reaches keys outside them.
   */
  keyPrefixes: text("key_prefixes").array().notNull().default([]),
  version: integer("version").notNull().default(1),
  updatedBy: text("updated_by").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
