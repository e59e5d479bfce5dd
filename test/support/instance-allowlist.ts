import type { Db } from "@/db";
import type { CreateAllowlistEntryInput } from "@/server/contracts/instance-allowlist";
import { ensureAllowlistEntries } from "@/server/registry/allowlist/ensure-allowlist-entries";

/**
 * Puts hosts on the instance allow-list, as an admin would, so a test can register instances
 * there (registration is refused on an empty list). Loopback by default: where tests' model servers run.
 */
export async function allowInstanceHosts(db: Db, entries: readonly string[] = ["127.0.0.0/8", "::1"]): Promise<void> {
  const input: CreateAllowlistEntryInput[] = entries.map((entry) => ({ entry, description: "test" }));
  await ensureAllowlistEntries(db, input);
}
