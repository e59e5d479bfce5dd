import { describe, expect, it } from "vitest";
import { ScoreRequestSchema } from "@/server/contracts/scoring";
import { choiceOf, configLabel, withConfigChoice } from "./config-choice";

const ID = "6f1c3d52-9a0b-4e8e-8a77-1f2d3c4b5a69";

describe("a trial's configuration choice", () => {
  it("names a change request by its source and drops the source for published or draft", () => {
    const candidate = withConfigChoice({ trace: true, solution: "v1" }, "change-request", ID);
    expect(candidate).toEqual({ trace: true, solution: "v1", config: "published", source: { kind: "change-request", id: ID } });
    expect(ScoreRequestSchema.safeParse({ app_name: "favpush", origin: {}, options: candidate }).success).toBe(true);
    expect(choiceOf(candidate)).toBe("change-request");
    expect(configLabel(candidate)).toBe("change request");

    const live = withConfigChoice(candidate, "published", ID);
    expect(live).toEqual({ trace: true, solution: "v1", config: "published" });
    expect(configLabel(live)).toBe("published");
    expect(withConfigChoice(candidate, "draft", ID)).toEqual({ trace: true, solution: "v1", config: "draft" });
  });

  it("falls back to published when no change request is open", () => {
    expect(withConfigChoice({}, "change-request", null)).toEqual({ config: "published" });
  });
});
