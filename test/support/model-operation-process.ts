/**
 * Test support (not imported by the app): a console process that runs one model operation,
 * started with tsx by operation-leases.db.test.ts against the PostgreSQL database in
 * DATABASE_URL, so two console processes really share one database. It prints
 * `started <operationId>` once the operation is recorded (or `refused <status> <message>`),
 * then `finished` when the run ends.
 */
import { openDatabase } from "@/db/client";
import type { ModelOperationRequest } from "@/server/contracts/models";
import { startModelOperation } from "@/server/models/operations/start-operation";

async function main() {
  const database = await openDatabase({ url: process.env.DATABASE_URL! });
  try {
    const { operation, done } = await startModelOperation(database.db, {
      actor: { type: "system", name: process.env.ACTOR ?? "process-a" },
      model: process.env.MODEL!,
      request: JSON.parse(process.env.REQUEST!) as ModelOperationRequest,
      timeoutMs: Number(process.env.TIMEOUT_MS ?? 600_000),
      pollMs: 20,
    });
    console.log(`started ${operation.id}`);
    await done;
    console.log("finished");
  } catch (e) {
    const error = e as { status?: number; message: string };
    console.log(`refused ${error.status ?? 500} ${error.message}`);
  } finally {
    await database.close();
  }
}

void main();
