import { z } from "zod";

/**
 * The instance allow-list's shapes (server/registry/allowlist); client-safe. An entry is one of:
 * - an IP address: `10.1.2.3`, `::1`;
 * - a network in CIDR notation: `10.0.0.0/8`, `fd00::/8`;
 * - a host name, matched exactly (case-insensitive): `tfs-1.prod.internal`; a `*` stands for any
 *   run of letters, digits and `-` inside one label: `tfs-*.prod.internal`, `*.models.internal`.
 * Only the literal host of a registered address is checked: a host name entry covers that name,
 * whatever it resolves to (docs/models.md, "Instance allow-list").
 */
const LABEL = "[a-z0-9*](?:[a-z0-9*-]{0,61}[a-z0-9*])?";
const HOST_PATTERN = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

export type AllowlistEntryKind = "ip" | "cidr" | "host";

/** What kind of entry `text` (trimmed, lower case) is, or null when it is none. */
export function allowlistEntryKind(text: string): AllowlistEntryKind | null {
  if (z.union([z.ipv4(), z.ipv6()]).safeParse(text).success) return "ip";
  if (z.union([z.cidrv4(), z.cidrv6()]).safeParse(text).success) return "cidr";
  // A wildcard alone would cover every single-label name: not a host name.
  if (text.length <= 253 && HOST_PATTERN.test(text) && /[a-z0-9]/.test(text)) return "host";
  return null;
}

export const AllowlistEntryTextSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter a host, an IP address or a network")
  .max(253)
  .refine((t) => allowlistEntryKind(t) !== null, {
    error: "An IP address (10.1.2.3), a network in CIDR notation (10.0.0.0/8) or a host name (tfs-1.prod.internal, tfs-*.prod.internal)",
  });

export const CreateAllowlistEntrySchema = z.object({
  entry: AllowlistEntryTextSchema,
  description: z.string().trim().max(500).default(""),
});
export type CreateAllowlistEntryInput = z.input<typeof CreateAllowlistEntrySchema>;

export const AllowlistEntrySchema = z.object({
  id: z.string(),
  entry: z.string(),
  kind: z.enum(["ip", "cidr", "host"]),
  description: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type AllowlistEntry = z.infer<typeof AllowlistEntrySchema>;

export const AllowlistEntriesSchema = z.object({ entries: z.array(AllowlistEntrySchema) });
