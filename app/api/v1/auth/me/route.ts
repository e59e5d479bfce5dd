import { api } from "@/server/contracts/api";
import { describeActor } from "@/server/auth/describe-actor";
import { handle } from "@/server/http/handle";

export const GET = handle(api.me, async ({ actor }) => describeActor(actor));
