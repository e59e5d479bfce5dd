import { describe, expect, it } from "vitest";
import { buildDag } from "@/server/dag/graph/test-dag";
import { hasMaskedCredentials, maskDagDocument, maskUrlCredentials, SECRET_MASK } from "./dag-secrets";

const M = SECRET_MASK;

describe("maskUrlCredentials", () => {
  it.each([
    ["https://hooks.example/load", "https://hooks.example/load"],
    ["https://user:pa55@hooks.example/load?x=1", `https://${M}:${M}@hooks.example/load?x=1`],
    ["https://token@hooks.example/load", `https://${M}@hooks.example/load`],
    ["https://:pa55@hooks.example/", `https://:${M}@hooks.example/`],
    ["https://user:p@ss@hooks.example/", `https://${M}:${M}@hooks.example/`],
    ["http://u:p@127.0.0.1:8080/x", `http://${M}:${M}@127.0.0.1:8080/x`],
    // In messages: every URL, and only the credentials.
    ["https://u:p@a.example/x could not be reached; https://b.example/y@z answered", `https://${M}:${M}@a.example/x could not be reached; https://b.example/y@z answered`],
    ["mail me@example.com", "mail me@example.com"],
  ])("%s -> %s", (url, masked) => {
    expect(maskUrlCredentials(url)).toBe(masked);
    expect(maskUrlCredentials(masked)).toBe(masked);
  });

  it("says which URLs carry masked credentials", () => {
    expect(hasMaskedCredentials(`https://${M}:${M}@hooks.example/x`)).toBe(true);
    expect(hasMaskedCredentials(`https://user:${M}@hooks.example/x`)).toBe(true);
    expect(hasMaskedCredentials("https://user:pw@hooks.example/x")).toBe(false);
    expect(hasMaskedCredentials(`https://hooks.example/${M}@x`)).toBe(false);
  });
});

describe("maskDagDocument", () => {
  it("masks every trigger's header values and URL credentials, and nothing else", () => {
    const dag = buildDag({ d: "data", t: "trigger", o: "output" }, ["d->t", "t->o"]);
    dag.nodes[1]!.trigger = { ...dag.nodes[1]!.trigger!, hookUrl: "https://u:secret@hooks.example/x", headers: { Authorization: "Bearer abc", "X-Empty": "" } };
    const masked = maskDagDocument(dag);
    expect(masked.nodes[1]!.trigger).toMatchObject({ hookUrl: `https://${M}:${M}@hooks.example/x`, headers: { Authorization: M, "X-Empty": "" } });
    expect(JSON.stringify(masked)).not.toMatch(/secret|Bearer/);
    expect(masked.nodes[0]).toEqual(dag.nodes[0]);
    expect(dag.nodes[1]!.trigger!.headers.Authorization).toBe("Bearer abc");
  });
});
