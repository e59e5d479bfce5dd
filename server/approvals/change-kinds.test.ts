import { describe, expect, it } from "vitest";
import { CHANGE_REQUEST_KINDS, changeKindSpec } from "@/server/contracts/change-kinds";
import { DAG_CHANGE_KIND } from "@/server/contracts/dag-change";
import { DAG_PROMOTION_KIND } from "@/server/dag/approvals/promotion-payload";
import { PUBLISH_KIND } from "@/server/releases/publish-payload";
import { changeKindHandler } from "./change-kinds";

describe("the change-request kind registry", () => {
  it.each(CHANGE_REQUEST_KINDS)("%s is applied by a handler on the server", (kind) => {
    expect(changeKindHandler(kind)?.onApproved).toBeTypeOf("function");
  });

  it("declares the kinds the server creates requests of", () => {
    expect(CHANGE_REQUEST_KINDS).toEqual(expect.arrayContaining([PUBLISH_KIND, DAG_PROMOTION_KIND, DAG_CHANGE_KIND]));
  });

  it.each([
    { kind: "publish", payload: { change: { versions: { a: "1" } }, rollbackOf: null }, editable: true, edits: true },
    { kind: "publish", payload: { change: { versions: { a: "1" } }, rollbackOf: "rel_1" }, editable: false, edits: true },
    { kind: "dag_promotion", payload: { app: "a", node: "t", version: "2" }, editable: false, edits: false },
    { kind: "dag_change", payload: { app: "a", baseVersion: 1, document: { nodes: [], edges: [] }, alertWebhookUrl: null }, editable: false, edits: false },
    { kind: "made_up", payload: null, editable: false, edits: false },
  ])("$kind with $payload: change editable in the browser $editable, on the API $edits", ({ kind, payload, editable, edits }) => {
    expect(changeKindSpec(kind).changeEditable(payload)).toBe(editable);
    expect(Boolean(changeKindHandler(kind)?.editChange)).toBe(edits);
  });

  it("a kind this console does not know is shown by its name and applied by nothing", () => {
    expect(changeKindSpec("made_up").label).toBe("made_up");
    expect(changeKindHandler("made_up")).toBeUndefined();
    expect(changeKindHandler("toString")).toBeUndefined();
  });
});
