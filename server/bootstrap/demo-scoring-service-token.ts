import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { apiTokens, apps } from "@/db/schema";
import { favpushApp } from "@/db/seed/favpush";
import { SYSTEM } from "@/server/auth/actor";
import { issueToken } from "@/server/tokens/issue-token";
import { revokeToken } from "@/server/tokens/revoke-token";

const TOKEN_NAME = "demo-scoring-service";

/** What scripts/start.mjs receives over its IPC channel to the console process. */
export interface DemoScoringServiceMessage {
  type: "demo-scoring-service";
  app: string;
  token: string;
}

/**
 * The demo's scoring service (npm start runs one) needs a token with config:read and
 * features:read, and telemetry:write for its reports to the Live page (one token: the demo
 * passes it as both SCORING_CONSOLE_TOKEN and SCORING_TELEMETRY_TOKEN). Like the dev model server's, it is issued for this run (the previous run's is
 * revoked) and handed to npm start over the IPC channel it opened to this process: no secret is
 * printed or written to disk. Nothing happens without that channel or without the demo app.
 */
export async function handDemoScoringServiceToken(
  db: Db,
  send: ((message: DemoScoringServiceMessage) => unknown) | undefined = process.send?.bind(process),
): Promise<boolean> {
  if (!send) return false;
  const app = favpushApp().name;
  const [row] = await db.select({ name: apps.name }).from(apps).where(eq(apps.name, app));
  if (!row) return false;
  const stale = await db.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.name, TOKEN_NAME), isNull(apiTokens.revokedAt)));
  for (const t of stale) await revokeToken(db, { actor: SYSTEM, id: t.id });
  const { secret } = await issueToken(db, { actor: SYSTEM, input: { name: TOKEN_NAME, scopes: ["config:read", "features:read", "telemetry:write"] } });
  const message: DemoScoringServiceMessage = { type: "demo-scoring-service", app, token: secret };
  send(message);
  return true;
}
