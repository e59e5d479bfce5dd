import { assertWithinCap } from "@/server/limits/assert-within-cap";

/** 422 naming the cap when an app would hold more than CAPS.solutionsPerApp solutions (save, clone, import). */
export function assertSolutionsPerApp(count: number, field?: string): void {
  assertWithinCap("solutionsPerApp", count, (limit) => `An app holds at most ${limit} solutions`, field ? { field } : undefined);
}
