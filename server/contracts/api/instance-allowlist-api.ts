import { IdParamsSchema } from "../common";
import { AllowlistEntriesSchema, AllowlistEntrySchema, CreateAllowlistEntrySchema } from "../instance-allowlist";
import { endpoint } from "./endpoint";

export const listInstanceAllowlist = endpoint({
  method: "GET",
  path: "/api/v1/admin/instance-allowlist",
  summary: "Hosts and networks at which model server instances may be registered",
  tag: "registry",
  access: "admin",
  response: AllowlistEntriesSchema,
});

export const addInstanceAllowlistEntry = endpoint({
  method: "POST",
  path: "/api/v1/admin/instance-allowlist",
  summary: "Allow instances at an IP address, a CIDR network or a host name (`*` inside one label)",
  tag: "registry",
  access: "admin",
  body: CreateAllowlistEntrySchema,
  response: AllowlistEntrySchema,
  status: 201,
});

export const removeInstanceAllowlistEntry = endpoint({
  method: "DELETE",
  path: "/api/v1/admin/instance-allowlist/{id}",
  summary: "Remove an entry; registrations it alone allowed are removed with it",
  tag: "registry",
  access: "admin",
  params: IdParamsSchema,
  response: AllowlistEntrySchema,
});
