import net from "node:net";
import { like } from "drizzle-orm";
import type { Db } from "@/db";
import { dagHookEndpoints } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { addHookEndpoint } from "../allowlist/add-hook-endpoint";
import { saveDag } from "../documents/save-dag";
import { setDataVersion } from "../nodes/set-data-version";
import { favpushDemoDag } from "./favpush-demo-dag";

/** Marks the allow-list entries of the demo hook receiver (start-dag-runtime.ts starts it for them). */
export const DEMO_HOOK_DESCRIPTION = "Demo hook receiver (npm start runs it on this loopback port)";

/**
 * The demo DAG of favpush, its hooks on the allow-list (answered by the demo hook receiver on a
 * loopback port chosen now and kept), and first data versions, so the canvas shows a DAG that
 * moves as soon as the console runs.
 */
export async function seedDagDemo(db: Db): Promise<void> {
  const existing = await db.select().from(dagHookEndpoints).where(like(dagHookEndpoints.description, `${DEMO_HOOK_DESCRIPTION}%`));
  const port = existing[0] ? Number(new URL(existing[0].url).port) : await freePort();
  const hooks = { load: `http://127.0.0.1:${port}/load`, validate: `http://127.0.0.1:${port}/validate` };
  for (const url of Object.values(hooks)) {
    if (!existing.some((e) => e.url === url)) await addHookEndpoint(db, { actor: SYSTEM, input: { url, description: DEMO_HOOK_DESCRIPTION } });
  }
  await saveDag(db, { actor: SYSTEM, app: "favpush", input: { version: 0, document: favpushDemoDag(hooks) } });
  // The versions the demo feature tables hold rows under and the dev model server loads: the
  // output nodes publish them, and trial scoring of the published config must find them.
  for (const [key, version] of [["user_vec_data", "20200116"], ["goods_vec_data", "20200116"], ["lr_model_data", "20200116"]] as const) {
    await setDataVersion(db, { actor: SYSTEM, app: "favpush", key, input: { version } });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
