/**
 * A console process that only delivers: run with tsx as a child of a fault test, against the
 * PostgreSQL database in DATABASE_URL. With HANG_AFTER_PUBLISH=1 it stops dead right after the
 * center took a release (before marking it delivered) and prints `took <releaseId>`, so the
 * test can kill -9 it at the worst moment.
 */
import { openDatabase } from "@/db/client";
import { createBuiltinConfigCenter } from "@/server/config-center/builtin/create-builtin-config-center";
import type { ConfigCenter } from "@/server/config-center/config-center";
import { createDispatcher } from "@/server/outbox/create-dispatcher";

async function main() {
  const url = process.env.DATABASE_URL!;
  const database = await openDatabase({ url });
  const center = createBuiltinConfigCenter({ db: database.db, listenUrl: url });
  const hang = process.env.HANG_AFTER_PUBLISH === "1";
  const delivering: ConfigCenter = {
    ...center,
    kind: center.kind,
    async publish(input) {
      const result = await center.publish(input);
      if (hang) {
        console.log(`took ${input.releaseId}`);
        return new Promise(() => undefined);
      }
      return result;
    },
  };
  // Not about delivery's re-check of the references (held-releases.db.test.ts is): no model server here.
  createDispatcher({ db: database.db, center: delivering, owner: process.env.OWNER, pollMs: 50, leaseMs: Number(process.env.LEASE_MS ?? 1_000) , recheckReferences: false }).start();
  console.log("started");
}

void main();
