import type { Db } from "@/db";
import { failExpiredOperations } from "./operation-lease";

/**
 * At start: operations whose process stopped will never finish. Only those whose lease
 * expired: another console process on the same database may be running the rest.
 */
export async function failInterruptedOperations(db: Db): Promise<number> {
  return (await failExpiredOperations(db)).length;
}
