import { describe, expect, it } from "vitest";
import { articleDocument } from "../../test-documents";
import { deepFreeze } from "./deep-freeze";
import { readSolutionsOnce } from "./read-solutions-once";
import type { PublishedConfig } from "./types";

const configOf = (document: unknown): PublishedConfig => ({ app: "favpush", revision: 1, releaseId: "r1", document, versions: {} });

describe("readSolutionsOnce", () => {
  it("reads a frozen config once and hands out one frozen view", () => {
    const config = deepFreeze(configOf(structuredClone(articleDocument)));
    const view = readSolutionsOnce(config);
    expect(readSolutionsOnce(config)).toBe(view);
    expect(view.config).toBe(config);
    expect(view.solutions.map((s) => s.name)).toEqual(["v1", "v2"]);
    expect(Object.isFrozen(view.solutions)).toBe(true);
    expect(Object.isFrozen(view.solutions[0]!.model)).toBe(true);
    expect(Object.isFrozen(view.settings)).toBe(true);
  });

  it("reads a config that is not frozen each time, as readSolutions does", () => {
    const config = configOf(structuredClone(articleDocument));
    const view = readSolutionsOnce(config);
    expect(readSolutionsOnce(config)).not.toBe(view);
    expect(readSolutionsOnce(config)).toEqual(view);
    expect(Object.isFrozen(view.solutions)).toBe(false);
  });

  it("throws a new invalid_document error for each client of a frozen config that cannot be read", () => {
    const config = deepFreeze(configOf({ app_name: "favpush" }));
    const errors = [0, 1].map(() => {
      try {
        readSolutionsOnce(config);
      } catch (error) {
        return error as Error & { code?: string };
      }
      return null;
    });
    expect(errors[0]).toMatchObject({ code: "invalid_document", message: expect.stringMatching(/no solutions array/) as string });
    expect(errors[1]).toMatchObject({ code: "invalid_document", message: errors[0]!.message });
    expect(errors[1]).not.toBe(errors[0]);
  });
});
