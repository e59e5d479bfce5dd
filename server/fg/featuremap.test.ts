import { describe, expect, it } from "vitest";
import { buildFeatureMap } from "./featuremap";

describe("buildFeatureMap", () => {
  it("puts features beside origin, online and an empty log", () => {
    expect(buildFeatureMap({ origin: { uid: 1 }, online: true, features: { user_vec: [1], cf: null } })).toEqual({
      origin: { uid: 1 },
      online: true,
      log: {},
      user_vec: [1],
      cf: null,
    });
  });

  it.each(["origin", "online", "log"])("refuses a feature named %s", (name) => {
    expect(() => buildFeatureMap({ origin: {}, online: false, features: { [name]: 1 } })).toThrow(
      expect.objectContaining({ code: "bad_request", message: expect.stringContaining(`"${name}"`) }),
    );
  });
});
