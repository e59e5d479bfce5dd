import { expect, test, type Page } from "@playwright/test";
import { FAVPUSH_LR_NEXT_VERSION } from "../db/seed/favpush/versions";
import { adminApi, lrStates, modelOperation, signInAs, uniqueName } from "./support";

/** A token of a data platform: sets data-node versions. */
async function dataPlatformToken(): Promise<string> {
  const api = await adminApi();
  const res = await api.post("/api/v1/admin/tokens", { data: { name: uniqueName("platform"), scopes: ["dag:write"] } });
  expect(res.status(), await res.text()).toBe(201);
  const { secret } = (await res.json()) as { secret: string };
  await api.dispose();
  return secret;
}

async function setDataVersion(key: string, version: string, app = "favpush") {
  const token = await dataPlatformToken();
  const api = await adminApi();
  const res = await api.put(`/api/v1/apps/${app}/dag/nodes/${key}/version`, { data: { version }, headers: { authorization: `Bearer ${token}` } });
  expect(res.status(), await res.text()).toBe(200);
  await api.dispose();
}

/** Drags from one node's output handle to another's input handle, as a person connects them. */
async function connect(page: Page, from: string, to: string) {
  const source = page.getByTestId(`dag-node-${from}`).locator(".react-flow__handle.source");
  const target = page.getByTestId(`dag-node-${to}`).locator(".react-flow__handle.target");
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** In the side panel of the selected trigger: the demo loader's URL from the allow-list. */
async function chooseLoaderHook(page: Page) {
  const select = page.getByRole("combobox", { name: "URL" });
  const value = await select.locator("option", { hasText: "/load" }).first().getAttribute("value");
  await select.selectOption(value!);
}

test("an editor drags nodes onto the canvas, connects them and saves; a cycle is refused", async ({ page }, info) => {
  const app = uniqueName("dagapp");
  const api = await adminApi();
  const created = await api.post("/api/v1/apps", { data: { name: app, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  expect(created.status(), await created.text()).toBe(201);

  await signInAs(page, "editor", info);
  await page.goto(`/dag?app=${app}`);
  const canvas = page.getByTestId("dag-canvas");
  await expect(canvas).toBeVisible();

  await page.getByTestId("palette-data").dragTo(canvas, { targetPosition: { x: 130, y: 80 } });
  await expect(page.getByTestId("dag-node-data_1")).toBeVisible();
  await page.getByTestId("palette-trigger").dragTo(canvas, { targetPosition: { x: 450, y: 80 } });
  await expect(page.getByTestId("dag-node-trigger_1")).toBeVisible();
  await chooseLoaderHook(page);
  await connect(page, "data_1", "trigger_1");
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved as version 1.")).toBeVisible();
  const saved = (await (await api.get(`/api/v1/apps/${app}/dag`)).json()) as { version: number; document: { nodes: { key: string; kind: string }[]; edges: unknown[] } };
  expect(saved.version).toBe(1);
  expect(saved.document.nodes.map((n) => n.kind).sort()).toEqual(["data", "trigger"]);
  expect(saved.document.edges).toHaveLength(1);

  // A second trigger fed by the first and feeding it back: a cycle.
  await page.getByTestId("palette-trigger").dragTo(canvas, { targetPosition: { x: 330, y: 330 } });
  await expect(page.getByTestId("dag-node-trigger_2")).toBeVisible();
  await chooseLoaderHook(page);
  await connect(page, "trigger_1", "trigger_2");
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  // Drawing trigger_2 → trigger_1 would close a cycle: while the line is over trigger_1's
  // handle the canvas names the cycle, and letting go adds no edge (save checks again,
  // server/dag/graph/validate-dag.test.ts).
  const source = page.getByTestId("dag-node-trigger_2").locator(".react-flow__handle.source");
  const target = page.getByTestId("dag-node-trigger_1").locator(".react-flow__handle.target");
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await expect(page.getByTestId("dag-cycle-while-drawing")).toHaveText("trigger_2 → trigger_1 → trigger_2 would make a cycle");
  await page.mouse.up();
  await expect(page.getByTestId("dag-cycle-while-drawing")).toHaveCount(0);
  await expect(page.getByTestId("dag-cycle-refused")).toHaveText("Not connected: trigger_2 → trigger_1 → trigger_2 would make a cycle.");
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);

  // Deleting the node that closes the cycle (select it, press Delete) takes its edges along.
  await page.getByTestId("dag-node-trigger_2").click();
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("dag-node-trigger_2")).toHaveCount(0);
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);

  // An output node fed by the trigger, set in its side panel to write its own key and its input's.
  await page.getByTestId("palette-output").dragTo(canvas, { targetPosition: { x: 560, y: 330 } });
  await expect(page.getByTestId("dag-node-output_1")).toBeVisible();
  // Auto-layout spreads the nodes, so the new one overlaps none wherever the drop landed.
  await page.getByRole("button", { name: "Auto-layout" }).click();
  // The view glides to fit the new layout: connect once it has come to rest.
  await expect(canvas).toHaveAttribute("data-layouts-done", "1");
  await connect(page, "trigger_1", "output_1");
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await page.getByTestId("dag-node-output_1").click();
  await page.getByLabel("What it writes").selectOption("both");
  await expect(page.getByTestId("output-writes")).toContainText("Each input's key = that input's online version.");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved as version 2.")).toBeVisible();
  const withOutput = (await (await api.get(`/api/v1/apps/${app}/dag`)).json()) as { document: { nodes: { key: string; output?: { writes: string } }[] } };
  expect(withOutput.document.nodes.find((n) => n.key === "output_1")?.output).toEqual({ writes: "both" });
  await api.dispose();
});

test("a new data version travels down the demo DAG to the config center, live on the canvas", async ({ page }, info) => {
  await signInAs(page, "viewer", info);
  await page.goto("/dag?app=favpush");
  await expect(page.getByTestId("dag-node-favpush_vec_v2")).toBeVisible();
  // Viewers see the graph read-only.
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(page.getByText("Read-only")).toBeVisible();

  const version = `2099${String(Date.now()).slice(-4)}`;
  // The platform writes both vector sets of a version; validate_vec checks both tables hold it.
  await setDataVersion("goods_vec_data", version);
  await setDataVersion("user_vec_data", version);
  await expect(page.getByTestId("dag-node-user_vec_data")).toHaveAttribute("data-online", version);
  await expect(page.getByTestId("dag-node-load_user_vec")).toHaveAttribute("data-online", version, { timeout: 30_000 });
  await expect(page.getByTestId("dag-node-validate_vec")).toHaveAttribute("data-online", version, { timeout: 30_000 });
  await expect(page.getByTestId("dag-node-favpush_vec_v2")).toHaveAttribute("data-online", version, { timeout: 30_000 });

  const api = await adminApi();
  await expect
    .poll(async () => ((await (await api.get("/api/config/v1/apps/favpush")).json()) as { versions?: Record<string, string> }).versions?.favpush_vec_v2, { timeout: 30_000 })
    .toBe(version);
  await api.dispose();

  // Clicking a node shows its history.
  await page.getByTestId("dag-node-load_user_vec").click();
  await expect(page.getByRole("list", { name: "History of load_user_vec" })).toContainText(`${version} is online`);
});

test("a reviewer approves a promotion on the canvas", async ({ page }, info) => {
  // The demo's model hooks confirm only a version the dev model server can load, and the output
  // node's release is verified against the instances: the new version is loaded first, as a
  // model platform would before announcing it. It stays loaded (favpush goes live on it).
  const version = String(FAVPUSH_LR_NEXT_VERSION);
  const admin = await adminApi();
  if (!(await lrStates(admin, FAVPUSH_LR_NEXT_VERSION)).every((s) => s === "AVAILABLE")) await modelOperation(admin, { kind: "load", version: FAVPUSH_LR_NEXT_VERSION });
  await admin.dispose();
  await setDataVersion("lr_model_data", version);
  await signInAs(page, "reviewer", info);
  await page.goto("/dag?app=favpush");
  const node = page.getByTestId("dag-node-validate_lr_model");
  await expect(node).toHaveAttribute("data-phase", "waiting_approval", { timeout: 30_000 });
  // The demo seeded a first LR version that still waits for a reviewer: approving it lets the
  // node build the new version, whose promotion waits for a reviewer in turn.
  const api = await adminApi();
  const status = (await (await api.get("/api/v1/apps/favpush/dag/status")).json()) as { nodes: { key: string; ready: string | null }[] };
  await api.dispose();
  const seeded = status.nodes.find((n) => n.key === "validate_lr_model")!.ready!;
  await node.click();
  await expect(page.getByText(`Promotion of ${seeded} waits for a reviewer`)).toBeVisible();
  // The decision sits at the top of the node's side panel, above its settings.
  const panel = page.getByRole("complementary", { name: "Node details" });
  const approve = panel.getByRole("button", { name: "Approve promotion" });
  const settingsTop = (await panel.getByText("Trigger node", { exact: true }).boundingBox())!.y;
  expect((await approve.boundingBox())!.y).toBeLessThan(settingsTop);
  await approve.click();
  await expect(panel.getByTestId("promotion-decided")).toContainText(`Approved — ${seeded} of validate_lr_model goes online.`);
  await expect(page.getByTestId("dag-node-favpush_lr_v1")).toHaveAttribute("data-online", seeded, { timeout: 30_000 });
  await expect(page.getByText(`Promotion of ${version} waits for a reviewer`)).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Approve promotion" }).click();
  await expect(node).toHaveAttribute("data-online", version, { timeout: 30_000 });
  await expect(page.getByTestId("dag-node-favpush_lr_v1")).toHaveAttribute("data-online", version, { timeout: 30_000 });
});

test("a data version older than its node's staleness limit is flagged on the canvas and in the Alerts list", async ({ page }, info) => {
  const app = uniqueName("dagstale");
  const api = await adminApi();
  const created = await api.post("/api/v1/apps", { data: { name: app, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  expect(created.status(), await created.text()).toBe(201);
  await api.dispose();

  await signInAs(page, "editor", info);
  await page.goto(`/dag?app=${app}`);
  const canvas = page.getByTestId("dag-canvas");
  await page.getByTestId("palette-data").dragTo(canvas, { targetPosition: { x: 130, y: 80 } });
  const node = page.getByTestId("dag-node-data_1");
  await expect(node).toBeVisible();
  // The side panel of the new node: a limit of about a second (0.0003 h), so the test need not wait long.
  await page.getByLabel("Stale after, h").fill("0.0003");
  await expect(page.getByLabel("Stale after, h")).toHaveValue("0.0003");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved as version 1.")).toBeVisible();
  await expect(node).toHaveAttribute("data-alerts", "");

  await setDataVersion("data_1", "20240101", app);
  await expect(node).toHaveAttribute("data-online", "20240101");
  await expect(node).toHaveAttribute("data-alerts", "stale", { timeout: 15_000 });
  await expect(node.getByText("stale", { exact: true })).toBeVisible();
  // The Alerts list polls less often than the canvas.
  const alerts = page.getByRole("table", { name: "Alerts of the version DAG" });
  await expect(alerts).toContainText("data_1", { timeout: 20_000 });
  await expect(alerts).toContainText(/data_1 has stayed at 20240101 for \d+s \(limit 1s\)/);
  await page.screenshot({ path: info.outputPath("dag-stale-alert.png"), fullPage: true });

  // The alert follows the version: a new one is flagged in turn once it outstays the limit.
  await setDataVersion("data_1", "20240102", app);
  await expect(node).toHaveAttribute("data-online", "20240102");
  await expect(alerts).toContainText("20240102", { timeout: 20_000 });
});
