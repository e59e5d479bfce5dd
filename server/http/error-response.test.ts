import { describe, expect, it } from "vitest";
import { CoreError } from "@/sdk/src/core/core-error";
import { errorResponse } from "./error-response";

describe("errorResponse", () => {
  it("answers a CoreError from sdk/src/core as the AppError of the same code, message and details", async () => {
    const res = errorResponse(new CoreError("unprocessable", "Invalid bucket split: bucket 3 belongs to no solution", { gaps: [3] }));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: "unprocessable", message: "Invalid bucket split: bucket 3 belongs to no solution", details: { gaps: [3] } } });
  });

  it("answers a bad request from core with 400", () => {
    expect(errorResponse(new CoreError("bad_request", "Bucket 12 (after) is outside 0-9")).status).toBe(400);
  });
});
