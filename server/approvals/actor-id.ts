import { actorLabel, type Actor } from "@/server/auth/actor";

/** Who asked or decided, as stored on requests: a user's or token's id, "system" for the console itself. */
export function actorId(actor: Actor): string {
  return actor.type === "system" ? "system" : actor.id;
}

export { actorLabel };
