import { z } from "zod";

/**
 * Admin-managed connections of feature tables (docs/templates.md, docs/roles.md). The password goes in,
 * never out: responses say only whether one is set.
 */
export const ConnectionNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{1,63}$/, "2-64 characters: lower-case letters, digits, _ and -, starting with a letter");

/**
 * A key prefix on Redis: non-empty, printable, no space nor glob characters (* ? [ ] \\), so it
 * means the same literal prefix to every Redis command and tool.
 */
export const KeyPrefixSchema = z
  .string()
  .min(1, "A key prefix cannot be empty")
  .max(200, "At most 200 characters")
  .regex(/^[\x21-\x7e]+$/, "Printable characters without spaces")
  .refine((p) => !/[*?[\]\\]/.test(p), "No * ? [ ] or \\ (Redis glob characters)");

/** The prefixes a connection's tables may use; one may not hold another (it would add nothing). */
export const KeyPrefixesSchema = z
  .array(KeyPrefixSchema)
  .max(50, "At most 50 prefixes")
  .refine((list) => new Set(list).size === list.length, "A prefix is listed twice");

const ConnectionFieldsSchema = z.object({
  host: z
    .string()
    .trim()
    .min(1, "Enter the host")
    .max(253)
    .regex(/^[A-Za-z0-9.-]+$|^\[?[0-9a-fA-F:]+\]?$/, "A host name or IP address"),
  port: z.number({ error: "Enter a port" }).int("Enter a whole number").min(1, "1 to 65535").max(65535, "1 to 65535"),
  database: z.number({ error: "Enter a database number" }).int("Enter a whole number").min(0, "0 or more").max(10_000).default(0),
  username: z.string().trim().max(200).optional(),
  tls: z.boolean().default(false),
  description: z.string().trim().max(500).default(""),
});

export const CreateConnectionSchema = ConnectionFieldsSchema.extend({
  name: ConnectionNameSchema,
  password: z.string().max(1000).optional(),
  /** None: no table can be put on the connection until an admin declares some. */
  keyPrefixes: KeyPrefixesSchema.default([]),
});
export type CreateConnectionInput = z.input<typeof CreateConnectionSchema>;

/** `password`: absent keeps the stored one, a string replaces it, null removes it. */
export const UpdateConnectionSchema = ConnectionFieldsSchema.extend({
  password: z.string().max(1000).nullable().optional(),
  /** Absent keeps the declared prefixes; a list replaces them (refused while a table would fall outside). */
  keyPrefixes: KeyPrefixesSchema.optional(),
  version: z.number().int().positive(),
});
export type UpdateConnectionInput = z.input<typeof UpdateConnectionSchema>;

export const ConnectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.literal("redis"),
  host: z.string(),
  port: z.number(),
  database: z.number(),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  tls: z.boolean(),
  description: z.string(),
  /** The key prefixes its tables may use (a table's prefix starts with one of them). */
  keyPrefixes: z.array(z.string()),
  /** Feature tables stored on this connection. */
  usedBy: z.array(z.string()),
  version: z.number(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

export const HealthSchema = z.object({ ok: z.boolean(), detail: z.string(), ms: z.number() });
export type Health = z.infer<typeof HealthSchema>;
