import { api } from "@/server/contracts/api";
import { resumeNode } from "@/server/dag/nodes/resume-node";
import { handle } from "@/server/http/handle";

export const POST = handle(api.resumeDagNode, async ({ db, actor, params }) => resumeNode(db, { actor, app: params.app, key: params.key }));
