import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ShareTable, type ShareRow } from "./share-table";

const rows: ShareRow[] = [
  { key: "v1", solution: "v1", color: "#4f46e5", count: "300", observed: "30.1%", configured: "30%", deviation: "+0.10 pp", testId: "row-v1" },
  { key: "none", solution: "no solution", count: "2", observed: "0.2%", configured: "0%", deviation: "+0.20 pp" },
];
const headers = (html: string) => [...html.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);

describe("ShareTable", () => {
  it("names what was counted and leaves the deviation column out unless asked", () => {
    const html = renderToStaticMarkup(h(ShareTable, { caption: "Split", countLabel: "Requests", rows, bodyTestId: "split-table" }));
    expect(headers(html)).toEqual(["Solution", "Requests", "Observed", "Configured"]);
    expect(html).toContain('<caption class="sr-only">Split</caption>');
    expect(html).toContain('data-testid="split-table"');
    expect(html).toContain('data-testid="row-v1"');
    expect(html).not.toContain("+0.10 pp");
    expect(html).not.toContain("background-color");
  });

  it("shows the deviation and a swatch per solution when asked", () => {
    const html = renderToStaticMarkup(h(ShareTable, { caption: "Share per solution", countLabel: "Keys", rows, swatches: true, deviation: true }));
    expect(headers(html)).toEqual(["Solution", "Keys", "Observed", "Configured", "Deviation"]);
    expect(html).toContain("+0.10 pp");
    expect(html).toContain("background-color:#4f46e5");
    expect((html.match(/rounded-sm/g) ?? []).length).toBe(2);
  });
});
