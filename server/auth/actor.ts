import type { UserActor } from "@/server/contracts/auth";
import type { TokenScope } from "@/server/contracts/roles";

export type { UserActor };
export type TokenActor = { type: "token"; id: string; name: string; scopes: TokenScope[] };
export type SystemActor = { type: "system"; name: string };
export type Actor = UserActor | TokenActor | SystemActor;

export const SYSTEM: SystemActor = { type: "system", name: "system" };

export function actorLabel(actor: Actor): string {
  return actor.type === "user" ? actor.email : actor.type === "token" ? `token:${actor.name}` : actor.name;
}
