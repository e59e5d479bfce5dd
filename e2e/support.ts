import { request as playwrightRequest, expect, type APIRequestContext, type Locator, type Page, type TestInfo } from "@playwright/test";
import type { Role } from "@/server/contracts/roles";
import { favpushApp } from "../db/seed/favpush/app";
import { favpushSampleRequests } from "../db/seed/favpush/samples";
import { favpushArticleDocument } from "../db/seed/favpush/solutions";
import { favpushVersions } from "../db/seed/favpush/versions";

export const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;
export const PASSWORD = "e2e password 123";

/** An API client signed in as the known admin of the e2e server. */
export async function adminApi(): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL });
  const res = await api.post("/api/v1/auth/sign-in", { data: { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return api;
}

/** A person of the given role, unique to this test, created through the admin API. */
export async function createPerson(role: Role, info: TestInfo): Promise<{ email: string; password: string; id: string }> {
  const api = await adminApi();
  const email = `${role}-${info.workerIndex}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.local`;
  const res = await api.post("/api/v1/admin/users", { data: { email, name: `E2E ${role}`, role, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(201);
  const { user } = (await res.json()) as { user: { id: string } };
  await api.dispose();
  return { email, password: PASSWORD, id: user.id };
}

/** An API client signed in as `person`. */
export async function apiAs(person: { email: string; password: string }): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL });
  const res = await api.post("/api/v1/auth/sign-in", { data: person });
  expect(res.status(), await res.text()).toBe(200);
  return api;
}

/**
 * An app of the test's own with favpush's solutions, versions and `samples` sample requests, released once
 * (verified, approved) and delivered: live. Returns its name.
 */
export async function appWithLiveRelease(admin: APIRequestContext, editor: APIRequestContext, reviewer: APIRequestContext, prefix = "review", samples = 1): Promise<string> {
  const app = uniqueName(prefix);
  expect((await admin.post("/api/v1/apps", { data: favpushApp({ name: app }) })).status()).toBe(201);
  for (const request of favpushSampleRequests().slice(0, samples)) {
    const sample = await admin.post(`/api/v1/apps/${app}/sample-requests`, { data: request });
    expect(sample.status(), await sample.text()).toBe(201);
  }
  const imported = await editor.post(`/api/v1/apps/${app}/solutions-import`, { data: { version: 0, document: { ...favpushArticleDocument(), app_name: app } } });
  expect(imported.status(), await imported.text()).toBe(200);
  const document = await (await editor.get(`/api/v1/apps/${app}/solutions-export`)).json();
  const first = await editor.post(`/api/v1/apps/${app}/releases`, { data: { comment: "first release", change: { document, versions: favpushVersions() } } });
  expect(first.status(), await first.text()).toBe(201);
  const id = ((await first.json()) as { changeRequest: { id: string } }).changeRequest.id;
  expect(await waitForVerification(reviewer, id)).toMatch(/^(passed|warned)$/);
  expect((await reviewer.post(`/api/v1/change-requests/${id}/approve`, { data: { comment: "ok" } })).status()).toBe(200);
  await expect
    .poll(async () => ((await (await admin.get(`/api/config/v1/apps/${app}`)).json()) as { versions?: Record<string, string> }).versions, { timeout: 20_000 })
    .toMatchObject(favpushVersions());
  return app;
}

/** Signs in through the form, as a person does. */
export async function signIn(page: Page, person: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/apps$/);
}

export async function signInAs(page: Page, role: Role, info: TestInfo) {
  const person = await createPerson(role, info);
  await signIn(page, person);
  return person;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/**
 * Waits until a change request's latest verification has finished (every create, edit and
 * re-base starts one; approval takes a passed one) and returns its state.
 */
export async function waitForVerification(api: APIRequestContext, requestId: string): Promise<string> {
  let state = "";
  await expect
    .poll(
      async () => {
        const res = await api.get(`/api/v1/change-requests/${requestId}`);
        state = ((await res.json()) as { verification?: { state: string } | null }).verification?.state ?? "none";
        return state;
      },
      { timeout: 60_000, message: `verification of change request ${requestId} to finish` },
    )
    .not.toMatch(/^(running|none)$/);
  return state;
}

/** On the Approvals page: waits until a request card's verification has passed (or warned), so Approve is enabled. */
export async function expectVerified(card: Locator): Promise<void> {
  await expect(card.getByTestId("verification-heading")).toContainText(/Verified/, { timeout: 60_000 });
}

/** The state of favpush_lr `version` on every instance (the Models page's data). */
export async function lrStates(api: APIRequestContext, version: number): Promise<string[]> {
  const model = (await (await api.get("/api/v1/models/favpush_lr")).json()) as { instances: { versions: { version: number; state: string }[] }[] };
  return model.instances.map((i) => i.versions.find((v) => v.version === version)?.state ?? "NOT_LOADED");
}

/** Runs a model operation through the API the Models page uses and waits until it ends. */
export async function modelOperation(api: APIRequestContext, body: Record<string, unknown>): Promise<void> {
  const res = await api.post("/api/v1/models/favpush_lr/operations", { data: body });
  expect(res.status(), await res.text()).toBeLessThan(300);
  const { id } = (await res.json()) as { id: string };
  await expect.poll(async () => ((await (await api.get(`/api/v1/models/favpush_lr/operations/${id}`)).json()) as { state: string }).state, { timeout: 60_000 }).not.toBe("running");
}

/**
 * Puts favpush back on the demo's first release's versions (what the demo tables hold rows under
 * and the dev model server loads) through the release flow, as an operator would: other specs move
 * them on (the DAG spec publishes new data versions). Waits until the config center serves them.
 */
export async function restoreFavpushDemoVersions(info: TestInfo): Promise<void> {
  const versions = favpushVersions();
  const admin = await adminApi();
  const res = await admin.post("/api/v1/apps/favpush/releases", { data: { comment: "e2e: back to the demo versions", change: { versions } } });
  expect([201, 200, 422], await res.text()).toContain(res.status());
  const body = (await res.json()) as { changeRequest?: { id: string } | null };
  if (body.changeRequest) {
    const reviewer = await createPerson("reviewer", info);
    const api = await playwrightRequest.newContext({ baseURL });
    expect((await api.post("/api/v1/auth/sign-in", { data: reviewer })).status()).toBe(200);
    await waitForVerification(api, body.changeRequest.id);
    const approved = await api.post(`/api/v1/change-requests/${body.changeRequest.id}/approve`, { data: { comment: "restoring the demo" } });
    expect(approved.status(), await approved.text()).toBe(200);
    await api.dispose();
  }
  await expect
    .poll(async () => ((await (await admin.get("/api/config/v1/apps/favpush")).json()) as { versions?: Record<string, string> }).versions, { timeout: 20_000 })
    .toMatchObject(versions);
  await admin.dispose();
}
