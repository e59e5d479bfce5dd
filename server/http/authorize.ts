import type { Actor } from "@/server/auth/actor";
import type { EndpointSpec } from "@/server/contracts/api";
import { can } from "@/server/contracts/roles";
import { AppError } from "@/server/errors";

export function authorize(spec: EndpointSpec, actor: Actor | null): void {
  if (spec.access === "public") return;
  if (!actor) throw new AppError("unauthorized", "Sign in first.");
  if (actor.type === "token") {
    if (spec.scopes?.some((s) => actor.scopes.includes(s))) return;
    throw new AppError("forbidden", spec.scopes?.length
      ? `This token needs one of the scopes: ${spec.scopes.join(", ")}.`
      : "This endpoint is for people, not API tokens.");
  }
  if (actor.type !== "user") throw new AppError("forbidden", "Not allowed.");
  if (spec.access === "signed_in" || can(actor.role, spec.access)) return;
  throw new AppError("forbidden", `Your role (${actor.role}) cannot do this; it needs the "${spec.access}" right.`, {
    required: spec.access,
    role: actor.role,
  });
}
