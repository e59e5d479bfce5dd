import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { favpushApp } from "@/db/seed/favpush";
import type { Database } from "@/db/client";
import { SYSTEM } from "@/server/auth/actor";
import { createSession } from "@/server/auth/sessions";
import { createApp } from "@/server/apps/create-app";
import { api, type EndpointSpec } from "@/server/contracts/api";
import { TOKEN_SCOPES } from "@/server/contracts/roles";
import { issueToken } from "@/server/tokens/issue-token";
import { callRoute, type CallOptions } from "../support/call-route";
import { createPerson, type TestPerson } from "../support/people";
import { createTestDatabase, installAsProcessDatabase } from "../support/test-db";
import { discoverRoutes, loadHandler } from "./route-discovery";

type Who = "anonymous" | "viewer" | "editor" | "reviewer" | "admin" | "token";
type Row = { call?: Omit<CallOptions, "cookie" | "token" | "method">; expect: Record<Who, number> };

// Writes are sent with a body that fails validation: a caller who passes authorisation gets
// 400 and nothing changes, so every row can run for every role against one database.
const ANY = { anonymous: 401, token: 403 };
const READ = { ...ANY, viewer: 200, editor: 200, reviewer: 200, admin: 200 };
const EDIT_INVALID = { ...ANY, viewer: 403, editor: 400, reviewer: 403, admin: 400 };
const ADMIN_READ = { ...ANY, viewer: 403, editor: 403, reviewer: 403, admin: 200 };
const ADMIN_INVALID = { ...ANY, viewer: 403, editor: 403, reviewer: 403, admin: 400 };
const READ_MISSING = { ...ANY, viewer: 404, editor: 404, reviewer: 404, admin: 404 };
const PUBLIC_OK = { anonymous: 200, viewer: 200, editor: 200, reviewer: 200, admin: 200, token: 200 };

/** The route x role table. Later issues add their endpoints here; a test fails for any endpoint missing. */
const TABLE: Record<keyof typeof api, Row> = {
  signIn: { call: { body: { email: "nobody@x.test", password: "" } }, expect: { anonymous: 400, viewer: 400, editor: 400, reviewer: 400, admin: 400, token: 400 } },
  signOut: { expect: { ...ANY, viewer: 200, editor: 200, reviewer: 200, admin: 200 } },
  me: { expect: { ...ANY, viewer: 200, editor: 200, reviewer: 200, admin: 200 } },
  listApps: { expect: READ },
  listNotifications: { call: { query: { limit: "5" } }, expect: READ },
  countUnreadNotifications: { expect: READ },
  markNotificationRead: { call: { params: { id: randomUUID() } }, expect: READ_MISSING },
  markAllNotificationsRead: { expect: READ },
  getNotificationWebhook: { call: { params: { app: "favpush" } }, expect: READ },
  setNotificationWebhook: { call: { params: { app: "favpush" }, body: { url: "not a url" } }, expect: EDIT_INVALID },
  createApp: { call: { body: { name: "Bad Name" } }, expect: EDIT_INVALID },
  getApp: { call: { params: { app: "favpush" } }, expect: READ },
  updateApp: { call: { params: { app: "favpush" }, body: { version: 0 } }, expect: EDIT_INVALID },
  listUsers: { expect: ADMIN_READ },
  createUser: { call: { body: { email: "not-an-email" } }, expect: ADMIN_INVALID },
  updateUser: { call: { params: { id: randomUUID() }, body: {} }, expect: ADMIN_INVALID },
  listTokens: { expect: ADMIN_READ },
  createToken: { call: { body: { name: "" } }, expect: ADMIN_INVALID },
  revokeToken: { call: { params: { id: randomUUID() } }, expect: { ...ANY, viewer: 403, editor: 403, reviewer: 403, admin: 404 } },
  listAudit: { call: { query: { limit: "5" } }, expect: READ },
  registerInstance: { call: { body: {} }, expect: { ...EDIT_INVALID, token: 400 } },
  deregisterInstance: { call: { body: {} }, expect: { ...EDIT_INVALID, token: 400 } },
  listInstances: { expect: { ...READ, token: 200 } },
  listInstanceAllowlist: { expect: ADMIN_READ },
  addInstanceAllowlistEntry: { call: { body: { entry: "10.0.0.0/33" } }, expect: ADMIN_INVALID },
  removeInstanceAllowlistEntry: { call: { params: { id: randomUUID() } }, expect: { ...ANY, viewer: 403, editor: 403, reviewer: 403, admin: 404 } },
  listModels: { expect: READ },
  createModel: { call: { body: { name: "" } }, expect: EDIT_INVALID },
  importModelConf: { call: { body: { text: "" } }, expect: EDIT_INVALID },
  getModel: { call: { params: { model: "nomodel" } }, expect: READ_MISSING },
  getModelConf: { call: { params: { model: "nomodel" } }, expect: READ_MISSING },
  getWarmupFile: { call: { params: { model: "nomodel", version: "1" } }, expect: EDIT_INVALID },
  getSignatures: { call: { params: { model: "nomodel" } }, expect: { ...ANY, viewer: 503, editor: 503, reviewer: 503, admin: 503 } },
  getModelVersionUsedBy: { call: { params: { model: "nomodel", version: "1" } }, expect: READ },
  getFgVersionUsedBy: { call: { params: { fgClass: "com.x.Fg", version: "v1" } }, expect: READ },
  getFeatureTableUsedBy: { call: { params: { table: "no_tbl" } }, expect: READ },
  listModelOperations: { call: { params: { model: "nomodel" } }, expect: READ },
  startModelOperation: { call: { params: { model: "nomodel" }, body: {} }, expect: EDIT_INVALID },
  getModelOperation: { call: { params: { model: "nomodel", id: randomUUID() } }, expect: READ_MISSING },
  getSolutions: { call: { params: { app: "favpush" } }, expect: READ },
  getDraftStatus: { call: { params: { app: "favpush" } }, expect: READ },
  resetDraftToLive: { call: { params: { app: "favpush" }, body: {} }, expect: EDIT_INVALID },
  restoreDraftBackup: { call: { params: { app: "favpush" }, body: {} }, expect: EDIT_INVALID },
  createSolution: { call: { params: { app: "favpush" }, body: {} }, expect: EDIT_INVALID },
  updateSolution: { call: { params: { app: "favpush", solution: "v1" }, body: {} }, expect: EDIT_INVALID },
  deleteSolution: { call: { params: { app: "favpush", solution: "v1" }, body: {} }, expect: EDIT_INVALID },
  cloneSolution: { call: { params: { app: "favpush", solution: "v1" }, body: {} }, expect: EDIT_INVALID },
  saveSolutionsSplit: { call: { params: { app: "favpush" }, body: {} }, expect: EDIT_INVALID },
  exportSolutions: { call: { params: { app: "favpush" } }, expect: READ },
  previewSolutionsImport: { call: { params: { app: "favpush" }, body: {} }, expect: EDIT_INVALID },
  importSolutions: { call: { params: { app: "favpush" }, body: {} }, expect: EDIT_INVALID },
  getSolutionsDiff: { call: { params: { app: "favpush" } }, expect: READ },
  publishSolutions: { call: { params: { app: "favpush" }, body: {} }, expect: EDIT_INVALID },
  listFeatureTables: { expect: READ },
  createFeatureTable: { call: { body: { name: "Bad Name!" } }, expect: EDIT_INVALID },
  getFeatureTable: { call: { params: { table: "no_such_tbl" } }, expect: { ...READ_MISSING, token: 404 } },
  lookupFeatureKeys: { call: { body: { table: "no_such_tbl", keys: [] } }, expect: { ...ANY, viewer: 400, editor: 400, reviewer: 400, admin: 400, token: 400 } },
  updateFeatureTable: { call: { params: { table: "no_such_tbl" }, body: { version: 0 } }, expect: EDIT_INVALID },
  lookupFeatureKey: { call: { params: { table: "no_such_tbl" }, query: { key: "k" } }, expect: READ_MISSING },
  loadFeatureRows: { call: { params: { table: "no_such_tbl" }, body: { format: "xml", text: "" } }, expect: EDIT_INVALID },
  getFeatureTableHealth: { call: { params: { table: "no_such_tbl" } }, expect: READ_MISSING },
  listConnections: { expect: READ },
  createConnection: { call: { body: { name: "" } }, expect: ADMIN_INVALID },
  updateConnection: { call: { params: { id: randomUUID() }, body: {} }, expect: ADMIN_INVALID },
  deleteConnection: { call: { params: { id: randomUUID() } }, expect: { ...ANY, viewer: 403, editor: 403, reviewer: 403, admin: 404 } },
  getConnectionHealth: { call: { params: { id: randomUUID() } }, expect: READ_MISSING },
  getTemplateContext: { call: { query: { app: "favpush" } }, expect: READ },
  checkTemplates: { call: { body: { app: "favpush", features: { user_vec: "getKV user_tbl {uid}" } } }, expect: READ },
  listFgClasses: { expect: { ...READ, token: 200 } },
  publishFgVersion: { call: { body: { className: "" } }, expect: EDIT_INVALID },
  score: { call: { body: { app_name: "" } }, expect: { ...ANY, viewer: 400, editor: 400, reviewer: 400, admin: 400 } },
  tryDraftFg: { call: { body: {} }, expect: EDIT_INVALID },
  getFgClass: { call: { params: { fgClass: "com.none.Fg" } }, expect: { ...READ_MISSING, token: 404 } },
  getFgVersion: { call: { params: { fgClass: "com.none.Fg", version: "v1" } }, expect: { ...READ_MISSING, token: 404 } },
  tryFgVersion: { call: { params: { fgClass: "com.none.Fg", version: "v1" }, body: {} }, expect: { ...ANY, viewer: 400, editor: 400, reviewer: 400, admin: 400 } },
  listReleases: { call: { params: { app: "favpush" } }, expect: READ },
  getRelease: { call: { params: { app: "favpush", id: randomUUID() } }, expect: READ_MISSING },
  requestRelease: { call: { params: { app: "favpush" }, body: {} }, expect: EDIT_INVALID },
  previewRollback: { call: { params: { app: "favpush", id: randomUUID() } }, expect: READ_MISSING },
  rollbackRelease: { call: { params: { app: "favpush", id: randomUUID() }, body: {} }, expect: EDIT_INVALID },
  getReleaseSettings: { call: { params: { app: "favpush" } }, expect: READ },
  updateReleaseSettings: { call: { params: { app: "favpush" }, body: {} }, expect: ADMIN_INVALID },
  listChangeRequests: { call: { query: { waiting: "me" } }, expect: READ },
  countWaitingChangeRequests: { expect: READ },
  getChangeRequest: { call: { params: { id: randomUUID() } }, expect: READ_MISSING },
  getChangeRequestSummary: { call: { params: { id: randomUUID() } }, expect: READ_MISSING },
  approveChangeRequest: { call: { params: { id: randomUUID() }, body: { comment: 5 } }, expect: { ...ANY, viewer: 403, editor: 403, reviewer: 400, admin: 400 } },
  rejectChangeRequest: { call: { params: { id: randomUUID() }, body: {} }, expect: { ...ANY, viewer: 403, editor: 403, reviewer: 400, admin: 400 } },
  editChangeRequest: { call: { params: { id: randomUUID() }, body: {} }, expect: EDIT_INVALID },
  withdrawChangeRequest: { call: { params: { id: randomUUID() } }, expect: { ...ANY, viewer: 403, editor: 404, reviewer: 403, admin: 404 } },
  rebaseChangeRequest: { call: { params: { id: randomUUID() }, body: { version: 1 } }, expect: { ...ANY, viewer: 403, editor: 404, reviewer: 403, admin: 404 } },
  // favpush was never published: readers and config:read tokens get 404.
  getPublishedConfig: { call: { params: { app: "favpush" } }, expect: { ...READ_MISSING, token: 404 } },
  getConfigCenterStatus: { expect: ADMIN_READ },
  resolveFailedDelivery: { call: { params: { releaseId: randomUUID() }, body: {} }, expect: ADMIN_INVALID },
  health: { expect: PUBLIC_OK },
  openapi: { expect: PUBLIC_OK },
  getDag: { call: { params: { app: "favpush" } }, expect: READ },
  saveDag: { call: { params: { app: "favpush" }, body: { version: -1 } }, expect: EDIT_INVALID },
  getDagStatus: { call: { params: { app: "favpush" } }, expect: READ },
  listDagAlerts: { call: { params: { app: "favpush" } }, expect: READ },
  listDagNodeEvents: { call: { params: { app: "favpush", key: "no_node" } }, expect: READ },
  setDagDataVersion: { call: { params: { app: "favpush", key: "no_node" }, body: {} }, expect: { ...EDIT_INVALID, token: 400 } },
  retryDagNode: { call: { params: { app: "favpush", key: "no_node" } }, expect: { ...ANY, viewer: 403, editor: 404, reviewer: 403, admin: 404 } },
  resumeDagNode: { call: { params: { app: "favpush", key: "no_node" } }, expect: { ...ANY, viewer: 403, editor: 404, reviewer: 403, admin: 404 } },
  dagHookCallback: { call: { params: { token: "dcb_0123456789abcdefghijklmnop" }, body: { status: "maybe" } }, expect: { anonymous: 400, viewer: 400, editor: 400, reviewer: 400, admin: 400, token: 400 } },
  listHookAllowlist: { expect: READ },
  addHookAllowlistEntry: { call: { body: { url: "not a url" } }, expect: ADMIN_INVALID },
  removeHookAllowlistEntry: { call: { params: { id: randomUUID() } }, expect: { ...ANY, viewer: 403, editor: 403, reviewer: 403, admin: 404 } },
  listSampleRequests: { call: { params: { app: "favpush" } }, expect: READ },
  createSampleRequest: { call: { params: { app: "favpush" }, body: { name: "" } }, expect: EDIT_INVALID },
  // Editors pass the route's "edit" right; the domain then says an admin edits samples.
  deleteSampleRequest: { call: { params: { app: "favpush", id: randomUUID() } }, expect: { ...ANY, viewer: 403, editor: 403, reviewer: 403, admin: 404 } },
  addTrialSamples: { call: { params: { app: "favpush" }, body: {} }, expect: EDIT_INVALID },
  listRecentTrials: { call: { params: { app: "favpush" } }, expect: { ...ANY, viewer: 403, editor: 200, reviewer: 403, admin: 200 } },
  getVerificationSettings: { call: { params: { app: "favpush" } }, expect: READ },
  updateVerificationSettings: { call: { params: { app: "favpush" }, body: {} }, expect: ADMIN_INVALID },
  verifyChangeRequest: { call: { params: { id: randomUUID() } }, expect: { ...ANY, viewer: 403, editor: 404, reviewer: 403, admin: 404 } },
  getVerificationReport: { call: { params: { id: randomUUID() } }, expect: READ_MISSING },
  ingestTelemetry: { call: { body: {} }, expect: { ...ADMIN_INVALID, token: 400 } },
  getLive: { call: { params: { app: "favpush" } }, expect: READ },
  listLiveAlerts: { call: { params: { app: "favpush" } }, expect: READ },
  getLiveAlertSettings: { call: { params: { app: "favpush" } }, expect: READ },
  updateLiveAlertSettings: { call: { params: { app: "favpush" }, body: {} }, expect: EDIT_INVALID },
};

let database: Database;
const people = {} as Record<Exclude<Who, "anonymous" | "token">, TestPerson>;
let token = "";

beforeAll(async () => {
  database = await createTestDatabase();
  installAsProcessDatabase(database);
  for (const role of ["viewer", "editor", "reviewer", "admin"] as const) people[role] = await createPerson(database.db, role);
  token = (await issueToken(database.db, { actor: SYSTEM, input: { name: "all-scopes", scopes: [...TOKEN_SCOPES] } })).secret;
  await createApp(database.db, {
    actor: SYSTEM,
    input: favpushApp(),
  });
});

afterAll(async () => database?.close());

const routes = discoverRoutes();
const specFor = (method: string, path: string) =>
  (Object.entries(api) as [keyof typeof api, EndpointSpec][]).find(([, s]) => s.method === method && s.path === path);

describe("every route file is a described endpoint and every endpoint has a route file", () => {
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))("%s is in the API description", (_, r) => {
    expect(specFor(r.method, r.path), `${r.method} ${r.path} has no entry in server/contracts/api`).toBeDefined();
  });

  it.each(Object.entries(api).map(([name, s]) => [name, s] as const))("%s has a route file", (_, s) => {
    expect(routes.some((r) => r.method === s.method && r.path === s.path)).toBe(true);
  });
});

describe("route x role", () => {
  const cases = routes.flatMap((r) => (["anonymous", "viewer", "editor", "reviewer", "admin", "token"] as Who[]).map((who) => [`${r.method} ${r.path} as ${who}`, r, who] as const));

  it.each(cases)("%s", async (_, route, who) => {
    const [name, spec] = specFor(route.method, route.path)!;
    const row = TABLE[name];
    expect(row, `route x role table has no row for ${name}`).toBeDefined();
    const handler = await loadHandler(route);
    const path = route.path.replace(/\{(\w+)\}/g, (_m, p: string) => row.call?.params?.[p] ?? p);
    let cookie: string | undefined;
    if (who !== "anonymous" && who !== "token") {
      // Sign-out ends the session it is called with; give it one of its own.
      cookie = name === "signOut" ? `sc_session=${(await createSession(database.db, people[who].actor.id, 1)).token}` : people[who].cookie;
    }
    const res = await callRoute(handler, path, {
      method: spec.method,
      ...row.call,
      cookie,
      token: who === "token" ? token : undefined,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(row.expect[who]);
    if (res.status >= 400) {
      expect(res.json.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });
});
