import { z } from "zod";
import { IdParamsSchema } from "../common";
import { ApiTokenSchema, CreatedTokenSchema, CreateTokenSchema } from "../tokens";
import { CreatedUserSchema, CreateUserSchema, UpdateUserSchema, UserSchema } from "../users";
import { endpoint } from "./endpoint";

export const listUsers = endpoint({
  method: "GET",
  path: "/api/v1/admin/users",
  summary: "List users",
  tag: "admin",
  access: "admin",
  response: z.object({ users: z.array(UserSchema) }),
});

export const createUser = endpoint({
  method: "POST",
  path: "/api/v1/admin/users",
  summary: "Add a user; a generated password is returned once when none is given",
  tag: "admin",
  access: "admin",
  body: CreateUserSchema,
  response: CreatedUserSchema,
  status: 201,
});

export const updateUser = endpoint({
  method: "PATCH",
  path: "/api/v1/admin/users/{id}",
  summary: "Change a user's name, role or active flag",
  tag: "admin",
  access: "admin",
  params: IdParamsSchema,
  body: UpdateUserSchema,
  response: UserSchema,
});

export const listTokens = endpoint({
  method: "GET",
  path: "/api/v1/admin/tokens",
  summary: "List API tokens (never their secrets)",
  tag: "admin",
  access: "admin",
  response: z.object({ tokens: z.array(ApiTokenSchema) }),
});

export const createToken = endpoint({
  method: "POST",
  path: "/api/v1/admin/tokens",
  summary: "Issue an API token for a machine; the secret is returned once",
  tag: "admin",
  access: "admin",
  body: CreateTokenSchema,
  response: CreatedTokenSchema,
  status: 201,
});

export const revokeToken = endpoint({
  method: "DELETE",
  path: "/api/v1/admin/tokens/{id}",
  summary: "Revoke an API token",
  tag: "admin",
  access: "admin",
  params: IdParamsSchema,
  response: ApiTokenSchema,
});
