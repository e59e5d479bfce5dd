import type { Actor } from "@/server/auth/actor";

/** Whose code fg call it is, for the sandbox pool's fair share (code/sandbox-pool.ts): a person or a token. */
export function fgOwnerOf(actor: Actor): string {
  return `${actor.type}:${"id" in actor ? actor.id : actor.name}`;
}
