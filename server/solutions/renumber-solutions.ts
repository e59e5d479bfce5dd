import { and, eq, ne } from "drizzle-orm";
import type { Tx } from "@/db";
import { solutions } from "@/db/schema";

/** Stores the document order of an app's solutions: `names[i]` gets position i. Only moved rows are written. */
export async function renumberSolutions(tx: Tx, app: string, names: readonly string[]): Promise<void> {
  for (const [position, name] of names.entries()) {
    await tx
      .update(solutions)
      .set({ position })
      .where(and(eq(solutions.app, app), eq(solutions.name, name), ne(solutions.position, position)));
  }
}
