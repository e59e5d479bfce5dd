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

/** A signed-in person as the server acts for them (server/auth/actor.ts builds its Actor union on it); the top bar shows it. */
export const UserActorSchema = MeSchema.extend({ type: z.literal("user") });
export type UserActor = z.infer<typeof UserActorSchema>;
