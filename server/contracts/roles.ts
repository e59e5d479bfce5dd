import { z } from "zod";

export const ROLES = ["viewer", "editor", "reviewer", "admin"] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** What a signed-in person may do (docs/roles.md). */
export const CAPABILITIES = ["read", "edit", "review", "admin"] as const;
export type Capability = (typeof CAPABILITIES)[number];

const GRANTS: Record<Role, readonly Capability[]> = {
  viewer: ["read"],
  editor: ["read", "edit"],
  reviewer: ["read", "review"],
  admin: ["read", "edit", "review", "admin"],
};

export function can(role: Role, capability: Capability): boolean {
  return GRANTS[role].includes(capability);
}

/** What a machine token may do; tokens never act as a person. */
export const TOKEN_SCOPES = ["config:read", "features:read", "dag:write", "registry:write", "hooks:callback", "telemetry:write"] as const;
export const TokenScopeSchema = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof TokenScopeSchema>;

export const SCOPE_DESCRIPTIONS: Record<TokenScope, string> = {
  "config:read": "Read published configuration (scoring services, SDK)",
  "features:read": "Read feature tables' definitions and built-in rows (scoring runtime)",
  "dag:write": "Set data-node versions of the version DAG (data platforms)",
  "registry:write": "Register model server instances",
  "hooks:callback": "Confirm or fail trigger-node hooks",
  "telemetry:write": "Report scoring aggregates for the Live view (scoring services)",
};
