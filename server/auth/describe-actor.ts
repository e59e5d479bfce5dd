import type { Me } from "@/server/contracts/auth";
import { AppError } from "@/server/errors";
import type { Actor } from "./actor";

export async function describeActor(actor: Actor): Promise<Me> {
  if (actor.type !== "user") throw new AppError("forbidden", "Only people have a profile.");
  return { id: actor.id, email: actor.email, name: actor.name, role: actor.role };
}
