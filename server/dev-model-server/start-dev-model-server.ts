import path from "node:path";
import { and, eq, isNull, like } from "drizzle-orm";
import type { Db } from "@/db";
import { apiTokens, models } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import { dataDir, env } from "@/server/env";
import { toModelConfig, toModelDto } from "@/server/models/model-dto";
import { issueToken } from "@/server/tokens/issue-token";
import { revokeToken } from "@/server/tokens/revoke-token";
import { registerInstance } from "@/server/registry/register-instance";
import { startModelServer, type RunningModelServer } from "@/model-server/start-model-server";
import { ensureDemoModelFiles } from "./demo-models";

const TOKEN_NAME = "dev-model-server";

/**
 * Runs the dev model server (a development tool, docs/model-server.md) inside the console
 * process, serving the managed models whose folders live in the data folder. It registers
 * itself through the console's HTTP API like any model server, with a token issued for this
 * run (the previous run's token is revoked): no secret is ever written to disk.
 */
export async function startDevModelServer(db: Db): Promise<RunningModelServer> {
  const e = env();
  const root = ensureDemoModelFiles(dataDir());
  const rows = await db.select().from(models).where(like(models.basePath, `${root}${path.sep}%`));

  const stale = await db.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.name, TOKEN_NAME), isNull(apiTokens.revokedAt)));
  for (const t of stale) await revokeToken(db, { actor: SYSTEM, id: t.id });
  const { secret } = await issueToken(db, { actor: SYSTEM, input: { name: TOKEN_NAME, scopes: ["registry:write"] } });

  const server = await startModelServer({
    models: rows.map((r) => toModelConfig(toModelDto(r))),
    grpcPort: e.DEV_MODEL_SERVER_GRPC_PORT,
    restPort: e.DEV_MODEL_SERVER_REST_PORT,
    // It serves only the data folder's models: a reload naming any other folder is refused.
    modelRoots: [root],
    registry: { url: `http://127.0.0.1:${e.PORT}`, token: secret, intervalSeconds: 5, ttlSeconds: 15 },
  });
  // Registered at once too (the same entry its HTTP registration renews once the console
  // listens): the demo's first release is verified through these models right after this.
  for (const r of rows) {
    await registerInstance(db, {
      actor: SYSTEM,
      input: { model: r.name, address: `127.0.0.1:${server.grpcPort}`, restAddress: `127.0.0.1:${server.restPort}`, ttlSeconds: 15 },
    });
  }
  return server;
}
