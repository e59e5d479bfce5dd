import { z } from "zod";
import { MeSchema, SignInSchema } from "../auth";
import { endpoint } from "./endpoint";

export const signIn = endpoint({
  method: "POST",
  path: "/api/v1/auth/sign-in",
  summary: "Sign in with email and password; sets the session cookie",
  tag: "auth",
  access: "public",
  body: SignInSchema,
  response: MeSchema,
});

export const signOut = endpoint({
  method: "POST",
  path: "/api/v1/auth/sign-out",
  summary: "End the current session",
  tag: "auth",
  access: "signed_in",
  response: z.object({ ok: z.literal(true) }),
});

export const me = endpoint({
  method: "GET",
  path: "/api/v1/auth/me",
  summary: "The signed-in person",
  tag: "auth",
  access: "signed_in",
  response: MeSchema,
});
