import { describe, expect, it } from "vitest";
import { mergeResults } from "./results-file";

const ORDER = ["Propagation", "Editor"];
const TITLE = ["# Version DAG benchmark", ""];
const previous = ["# Version DAG benchmark", "", "old intro", "", "## Propagation", "", "| p50 | 108 |", "", "## Editor", "", "Measured before.", "| first render | 975 |", ""].join("\n");

describe("mergeResults", () => {
  it("keeps a section this run did not measure as the last run left it, and replaces the measured one", () => {
    const text = mergeResults(previous, TITLE, ORDER, [{ heading: "Propagation", lines: ["", "| p50 | 99 |"] }]);
    expect(text).toBe(["# Version DAG benchmark", "", "## Propagation", "", "| p50 | 99 |", "", "## Editor", "", "Measured before.", "| first render | 975 |", ""].join("\n"));
    expect(text).not.toMatch(/skipped/i);
  });

  it("writes every measured section in the benchmark's order, with or without a previous file", () => {
    const measured = [
      { heading: "Editor", lines: ["", "| first render | 900 |"] },
      { heading: "Propagation", lines: ["", "| p50 | 99 |"] },
    ];
    const text = mergeResults(null, TITLE, ORDER, measured);
    expect(text.indexOf("## Propagation")).toBeLessThan(text.indexOf("## Editor"));
    expect(mergeResults(previous, TITLE, ORDER, measured)).toBe(text);
  });
});
