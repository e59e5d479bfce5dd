import { describe, expect, it } from "vitest";
import { checkDeliveries } from "./sdk-fanout";

describe("checkDeliveries", () => {
  it("counts lost, repeated, out-of-order and unexpected callbacks per client", () => {
    const releases = ["1", "2", "3"];
    expect(checkDeliveries([["1", "2", "3"]], releases)).toEqual({ lost: 0, duplicates: 0, outOfOrder: 0, unexpected: 0, clientsWrong: 0 });
    expect(checkDeliveries([["1", "3"], ["1", "2", "2", "3"], ["2", "1", "3"], ["1", "2", "3", "9"], ["1", "2", "3"]], releases)).toEqual({
      lost: 1,
      duplicates: 1,
      outOfOrder: 1,
      unexpected: 1,
      clientsWrong: 4,
    });
  });
});
