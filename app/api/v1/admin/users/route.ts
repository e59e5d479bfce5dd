import { api } from "@/server/contracts/api";
import { createUser } from "@/server/users/create-user";
import { listUsers } from "@/server/users/list-users";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listUsers, async ({ db }) => ({ users: await listUsers(db) }));
export const POST = handle(api.createUser, async ({ db, actor, body }) => createUser(db, { actor, input: body }));
