import { api } from "@/server/contracts/api";
import { retryNode } from "@/server/dag/nodes/retry-node";
import { handle } from "@/server/http/handle";

export const POST = handle(api.retryDagNode, async ({ db, actor, params }) => retryNode(db, { actor, app: params.app, key: params.key }));
