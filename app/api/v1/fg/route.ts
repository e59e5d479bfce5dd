import { api } from "@/server/contracts/api";
import { listFgClasses } from "@/server/fg-packages/list-fg-classes";
import { publishFgVersion } from "@/server/fg-packages/publish-fg-version";
import { handle } from "@/server/http/handle";

export const GET = handle(api.listFgClasses, async ({ db }) => ({ classes: await listFgClasses(db) }));
export const POST = handle(api.publishFgVersion, async ({ db, actor, body }) => publishFgVersion(db, { actor, input: body }));
