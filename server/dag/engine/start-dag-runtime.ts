import { like } from "drizzle-orm";
import type { Db } from "@/db";
import { dagHookEndpoints } from "@/db/schema";
import { env } from "@/server/env";
import { findHookEndpoint } from "../allowlist/find-hook-endpoint";
import { DEMO_HOOK_DESCRIPTION, startDemoHookReceiver } from "../demo/demo-hook-receiver";
import { runDemoHook } from "../demo/demo-hooks";
import { createDagEngine, type DagEngine } from "./create-dag-engine";

const globalForEngine = globalThis as unknown as { __dagEngine?: DagEngine };

/**
 * Started by the bootstrap: the demo hook receiver when the demo DAG was seeded, and the
 * DAG engine of this process (unless DAG_ENGINE=0: another process runs it).
 */
export async function startDagRuntime(db: Db): Promise<void> {
  const e = env();
  const demo = await db.select().from(dagHookEndpoints).where(like(dagHookEndpoints.description, `${DEMO_HOOK_DESCRIPTION}%`));
  if (demo[0]) {
    const port = Number(new URL(demo[0].url).port);
    try {
      await startDemoHookReceiver({ port, secretFor: async (url) => (await findHookEndpoint(db, url))?.secret ?? null, act: (hook) => runDemoHook(db, hook) });
      console.log(`Demo hook receiver (answers the demo DAG's hooks, a development tool): http://127.0.0.1:${port}`);
    } catch (err) {
      console.error(`Demo hook receiver could not listen on 127.0.0.1:${port}: ${(err as Error).message}; the demo DAG's hooks will fail until it can.`);
    }
  }
  if (e.DAG_ENGINE === "1" && !globalForEngine.__dagEngine) {
    const engine = createDagEngine({ db, publicUrl: e.PUBLIC_URL ?? `http://127.0.0.1:${e.PORT}` });
    globalForEngine.__dagEngine = engine;
    engine.start();
  }
}
