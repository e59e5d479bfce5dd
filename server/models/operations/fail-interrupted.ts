import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { modelOperations } from "@/db/schema";

/** At start: operations that were running when the process stopped will never finish. */
export async function failInterruptedOperations(db: Db): Promise<number> {
  const rows = await db
    .update(modelOperations)
    .set({ state: "failed", error: "interrupted: the console restarted while it ran; check the model's state and run it again", finishedAt: new Date() })
    .where(eq(modelOperations.state, "running"))
    .returning({ id: modelOperations.id });
  return rows.length;
}
