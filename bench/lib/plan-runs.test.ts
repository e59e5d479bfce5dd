import { describe, expect, it } from "vitest";
import { planRuns } from "./plan-runs";

const files = ["bucketing.ts", "dag.ts", "run.ts", "tfs-predict.ts", "trial-scoring.ts", "lib", "results"];

describe("planRuns", () => {
  it("runs every benchmark but the runner when given nothing", () => {
    expect(planRuns([], files).map((r) => r.file)).toEqual(["bucketing.ts", "dag.ts", "tfs-predict.ts", "trial-scoring.ts"]);
  });

  it("chooses by the start of the name and hands every flag to each chosen script", () => {
    expect(planRuns(["dag", "--url=http://127.0.0.1:3000", "--rounds=5", "t"], files)).toEqual([
      { file: "dag.ts", args: ["--url=http://127.0.0.1:3000", "--rounds=5"] },
      { file: "tfs-predict.ts", args: ["--url=http://127.0.0.1:3000", "--rounds=5"] },
      { file: "trial-scoring.ts", args: ["--url=http://127.0.0.1:3000", "--rounds=5"] },
    ]);
  });

  it("treats flags alone as flags for all, not as a name", () => {
    expect(planRuns(["--rounds=3"], files)).toHaveLength(4);
  });
});
