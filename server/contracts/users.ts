import { z } from "zod";
import { RoleSchema } from "./roles";

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const CreateUserSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter an email address"),
  name: z.string().trim().min(1, "Enter a name").max(100),
  role: RoleSchema,
  password: z.string().min(8, "At least 8 characters").max(200).optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

export const CreatedUserSchema = z.object({ user: UserSchema, password: z.string().optional() });

export const UpdateUserSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    role: RoleSchema.optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "Nothing to change" });
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;
