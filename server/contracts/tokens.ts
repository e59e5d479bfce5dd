import { z } from "zod";
import { TokenScopeSchema } from "./roles";

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(TokenScopeSchema),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const CreateTokenSchema = z.object({
  name: z.string().trim().min(1, "Name the machine that will use it").max(100),
  scopes: z.array(TokenScopeSchema).min(1, "Pick at least one scope"),
});
export type CreateTokenInput = z.infer<typeof CreateTokenSchema>;

/** The only response that ever carries the token in clear. */
export const CreatedTokenSchema = z.object({ token: ApiTokenSchema, secret: z.string() });
