/**
 * Test support (not imported by the app): a console process that only runs the DAG engine,
 * started with tsx by two-engine-processes.db.test.ts against the PostgreSQL database in
 * DATABASE_URL, so two engines really run in two processes on one database (in one process
 * on PGlite their steps would be serialised and prove nothing). It polls fast to contend for
 * every step, prints `started`, and prints `error <message>` for anything the engine reports.
 */
import { openDatabase } from "@/db/client";
import { createDagEngine } from "@/server/dag/engine/create-dag-engine";

async function main() {
  const database = await openDatabase({ url: process.env.DATABASE_URL! });
  const engine = createDagEngine({
    db: database.db,
    engineId: process.env.ENGINE_ID,
    publicUrl: "http://console.test",
    pollMs: Number(process.env.POLL_MS ?? 10),
    onError: (e) => console.log(`error ${e instanceof Error ? e.message : String(e)}`),
  });
  engine.start();
  const stop = () => {
    void engine
      .stop()
      .then(() => database.close())
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  console.log("started");
}

void main();
