/**
 * Test support for the solutions API tests: a fresh database with the favpush app and the
 * feature tables its solutions read, an editor, the route handlers and a snapshot of
 * everything a refused request must leave as it was. Not for production code.
 */
import * as cloneRoute from "@/app/api/v1/apps/[app]/solutions/[solution]/clone/route";
import * as solutionRoute from "@/app/api/v1/apps/[app]/solutions/[solution]/route";
import * as solutionsRoute from "@/app/api/v1/apps/[app]/solutions/route";
import * as exportRoute from "@/app/api/v1/apps/[app]/solutions-export/route";
import * as previewRoute from "@/app/api/v1/apps/[app]/solutions-import/preview/route";
import * as importRoute from "@/app/api/v1/apps/[app]/solutions-import/route";
import * as diffRoute from "@/app/api/v1/apps/[app]/solutions-diff/route";
import * as publishRoute from "@/app/api/v1/apps/[app]/solutions-publish/route";
import * as splitRoute from "@/app/api/v1/apps/[app]/solutions-split/route";
import type { Database } from "@/db/client";
import { seedFavpushWorld, type FavpushPart } from "@/db/seed";
import { count } from "drizzle-orm";
import { changeRequests, releases } from "@/db/schema";
import { favpushVersions } from "@/db/seed/favpush";
import { SYSTEM } from "@/server/auth/actor";
import { listAudit } from "@/server/audit/list-audit";
import { requestRelease } from "@/server/releases/request-release";
import { callRoute, type CallOptions, type RouteHandler } from "@/test/support/call-route";
import { createPerson, type TestPerson } from "@/test/support/people";
import { startVerifiableWorld } from "@/test/support/pass-verification";
import { createTestDatabase, installAsProcessDatabase } from "@/test/support/test-db";
import { getSolutionsDraft } from "./get-solutions-draft";

export interface Kit {
  database: Database;
  editor: TestPerson;
  call(route: keyof typeof ROUTES, opts?: Omit<CallOptions, "cookie"> & { solution?: string; app?: string }): ReturnType<typeof callRoute>;
  /** Another app shaped like favpush (same buckets and origin fields, no solutions): a test of its own. */
  addApp(name: string): Promise<void>;
  /**
   * A new app named `<prefix>_<n>` with favpush's solutions v1 (buckets 0-2) and v2 (3-9)
   * imported: draft version 1, nothing published. Tests that each take one pass in any order.
   */
  appWithSolutions(prefix: string): Promise<string>;
  /** The app's draft, the audit log length and the counts of change requests and releases: a refused request must leave all as they were. */
  snapshot(app?: string): Promise<unknown>;
  /**
   * With `verifiable`: an automatic, versions-only release of favpushVersions(), so a publish of
   * favpush's solutions names versions the release resolves and can pass verification.
   */
  releaseVersions(app: string): Promise<void>;
  close(): Promise<void>;
}

const ROUTES = {
  list: [solutionsRoute.GET, "GET", "/solutions"],
  create: [solutionsRoute.POST, "POST", "/solutions"],
  update: [solutionRoute.PUT, "PUT", "/solutions/{solution}"],
  delete: [solutionRoute.DELETE, "DELETE", "/solutions/{solution}"],
  clone: [cloneRoute.POST, "POST", "/solutions/{solution}/clone"],
  split: [splitRoute.PUT, "PUT", "/solutions-split"],
  export: [exportRoute.GET, "GET", "/solutions-export"],
  preview: [previewRoute.POST, "POST", "/solutions-import/preview"],
  import: [importRoute.POST, "POST", "/solutions-import"],
  diff: [diffRoute.GET, "GET", "/solutions-diff"],
  publish: [publishRoute.POST, "POST", "/solutions-publish"],
} as const satisfies Record<string, readonly [RouteHandler, string, string]>;

/**
 * `verifiable`: the dev model server serving favpush's models, registered, and favpush's fg
 * packages too (test/support/pass-verification.ts), for tests that approve a publish
 * (approval takes a passed verification).
 */
export async function startKit({ bucketCount = 10, verifiable = false }: { bucketCount?: number; verifiable?: boolean } = {}): Promise<Kit> {
  const database = await createTestDatabase();
  installAsProcessDatabase(database);
  const editor = await createPerson(database.db, "editor");
  // Every app is favpush-shaped (db/seed); a solution may only read registered tables (docs/templates.md#errors): favpush's.
  const world = (parts: FavpushPart[], name?: string) => seedFavpushWorld(database.db, { parts, app: { bucketCount, ...(name ? { name } : {}) } });
  await world(["app", "tables"]);
  const verifying = verifiable ? await startVerifiableWorld(database.db, { tables: false }) : null;
  const addApp = (name: string) => world(["app"], name);
  let apps = 0;
  const appWithSolutions = async (prefix: string) => {
    const app = `${prefix}_${++apps}`;
    await world(["app", "solutions"], app);
    return app;
  };
  return {
    database,
    editor,
    addApp,
    appWithSolutions,
    call(route, { solution = "v1", app = "favpush", ...opts } = {}) {
      const [handler, method, suffix] = ROUTES[route];
      const path = `/api/v1/apps/${app}${suffix.replace("{solution}", solution)}`;
      return callRoute(handler, path, { method, cookie: editor.cookie, params: { app, solution }, ...opts });
    },
    async snapshot(app = "favpush") {
      const [requests] = await database.db.select({ n: count() }).from(changeRequests);
      const [released] = await database.db.select({ n: count() }).from(releases);
      return {
        draft: await getSolutionsDraft(database.db, app),
        audit: (await listAudit(database.db, { limit: 500 })).entries.length,
        changeRequests: requests?.n,
        releases: released?.n,
      };
    },
    async releaseVersions(app) {
      await requestRelease(database.db, { actor: SYSTEM, app, comment: "the versions favpush's solutions name", change: { versions: favpushVersions() }, automatic: true });
    },
    async close() {
      await verifying?.close();
      await database.close();
    },
  };
}
