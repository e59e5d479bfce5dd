import type { Tx } from "@/db";
import { instanceAllowlist } from "@/db/schema";
import { unprocessable } from "@/server/errors";
import { hostAllowed, hostOfAddress } from "./host-allowed";

/**
 * Refuses (422) an address whose literal host no allow-list entry covers. Only the literal host:
 * a host name entry trusts DNS for that name (see docs/models.md on DNS rebinding).
 */
export async function checkInstanceAllowed(tx: Tx, addresses: { field: string; address: string }[]): Promise<void> {
  const entries = (await tx.select({ entry: instanceAllowlist.entry }).from(instanceAllowlist)).map((r) => r.entry);
  for (const { field, address } of addresses) {
    const host = hostOfAddress(address);
    if (entries.length === 0) {
      throw unprocessable(
        `The instance allow-list is empty, so no instance can be registered yet: an admin must allow ${host} (or a network holding it) on the Admin page, under "Instance allow-list".`,
        { field, host },
      );
    }
    if (!hostAllowed(entries, host)) {
      throw unprocessable(`${host} is not on the instance allow-list: an admin must allow it (or a network holding it) on the Admin page before instances there can be registered.`, { field, host });
    }
  }
}
