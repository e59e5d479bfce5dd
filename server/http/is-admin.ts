import type { Actor } from "@/server/auth/actor";

/** A signed-in admin: the only caller who sees details kept from others (e.g. raw instance errors). */
export function isAdmin(actor: Actor | null | undefined): boolean {
  return actor?.type === "user" && actor.role === "admin";
}
