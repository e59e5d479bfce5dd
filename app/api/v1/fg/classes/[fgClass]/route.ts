import { api } from "@/server/contracts/api";
import { getFgClass } from "@/server/fg-packages/list-fg-classes";
import { handle } from "@/server/http/handle";

export const GET = handle(api.getFgClass, async ({ db, params }) => getFgClass(db, params.fgClass));
