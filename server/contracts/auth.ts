import { z } from "zod";
import { RoleSchema } from "./roles";

export const SignInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter an email address"),
  password: z.string().min(1, "Enter your password"),
});
export type SignInInput = z.infer<typeof SignInSchema>;

export const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
});
export type Me = z.infer<typeof MeSchema>;
