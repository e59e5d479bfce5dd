import { api } from "@/server/contracts/api";
import { issueToken } from "@/server/tokens/issue-token";
import { listTokens } from "@/server/tokens/list-tokens";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listTokens, async ({ db }) => ({ tokens: await listTokens(db) }));
export const POST = handle(api.createToken, async ({ db, actor, body }) => issueToken(db, { actor, input: body }));
