import type { Tx } from "@/db";

/**
 * Where a solution's feature templates get checked against the app's tables, fields and version
 * keys. The feature-tables capability provides that check (server/feature-tables); until it is
 * wired in here, templates are stored as the text they are (the zod schema bounds their length).
 */
export async function checkFeatureTemplates(_tx: Tx, _opts: { app: string; solutions: readonly { name: string; features: Record<string, string> }[] }): Promise<void> {}
