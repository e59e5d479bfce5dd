import type { Database } from "@/db/client";
import { seedFavpushWorld } from "@/db/seed";
import { startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import type { Role } from "@/server/contracts/roles";
import { closeFeatureStores } from "@/server/feature-tables/store-cache";
import { DEMO_MODELS_DIR, favpushModelConfigs } from "@/server/scoring/test-support/demo-scores";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { callRoute, type CallOptions, type RouteHandler } from "./call-route";
import { createPerson, type TestPerson } from "./people";
import { createTestDatabase, installAsProcessDatabase } from "./test-db";

export interface FavpushStack<Who extends Role> {
  /** Installed as the process database: the route handlers use it. */
  database: Database;
  modelServer: RunningModelServer;
  people: Record<Who, TestPerson>;
  /** Calls a route handler as one of the people (their session cookie). */
  call(handler: RouteHandler, who: Who, pathname: string, opts?: Omit<CallOptions, "cookie">): ReturnType<typeof callRoute>;
  close(): Promise<void>;
}

/**
 * For tests over the real stack that verify, approve or trial-score favpush: a database of their
 * own with the whole favpush world (app, tables, rows of these uids, fg packages, models), the
 * dev model server serving its models as their instance, and a person of each role asked for.
 * Once per test file.
 */
export async function startFavpushStack<Who extends Role>(roles: readonly Who[], { uids }: { uids: { from: number; to: number } }): Promise<FavpushStack<Who>> {
  const modelServer = await startQuietServer({ models: favpushModelConfigs() });
  let database: Database | undefined;
  const close = async () => {
    closeTfsClients();
    await closeFeatureStores();
    await database?.close();
    await modelServer.close();
  };
  try {
    database = await createTestDatabase();
    installAsProcessDatabase(database);
    await seedFavpushWorld(database.db, {
      parts: ["app", "tables", "rows", "fg", "models", "instances"],
      uids,
      modelsRoot: DEMO_MODELS_DIR,
      modelAddress: `127.0.0.1:${modelServer.grpcPort}`,
    });
    const people = {} as Record<Who, TestPerson>;
    for (const role of roles) people[role] = await createPerson(database.db, role);
    return {
      database,
      modelServer,
      people,
      call: (handler, who, pathname, opts = {}) => callRoute(handler, pathname, { ...opts, cookie: people[who].cookie }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
