import { describe, expect, it } from "vitest";
import { buildFeatureMap } from "./featuremap";
import { readFeatureMap } from "./read-featuremap";

describe("buildFeatureMap", () => {
  it("puts features beside origin, online and a log listing the features that are null", () => {
    expect(buildFeatureMap({ origin: { uid: 1 }, online: true, features: { user_vec: [1], cf: null } })).toEqual({
      origin: { uid: 1 },
      online: true,
      log: { missing_features: ["cf"] },
      user_vec: [1],
      cf: null,
    });
    expect(buildFeatureMap({ origin: {}, online: false, features: { user_vec: [1] } }).log).toEqual({});
  });

  it("gives every feature an entry: one the store did not have is null, never left out", () => {
    const fm = buildFeatureMap({ origin: {}, online: true, features: { user_vec: [1], cf: undefined } });
    expect("cf" in fm).toBe(true);
    expect(fm.cf).toBeNull();
    expect(fm.log).toEqual({ missing_features: ["cf"] });
  });

  it.each(["origin", "online", "log"])("refuses a feature named %s", (name) => {
    expect(() => buildFeatureMap({ origin: {}, online: false, features: { [name]: 1 } })).toThrow(
      expect.objectContaining({ code: "bad_request", message: expect.stringContaining(`"${name}"`) }),
    );
  });
});

describe("readFeatureMap", () => {
  it("builds what online scoring builds for the same features, only `online` differing", () => {
    const features = { user_vec: [0.5], cf: null };
    const online = buildFeatureMap({ origin: { uid: 1 }, online: true, features });
    const offline = readFeatureMap({ origin: { uid: 1 }, online: true, ...features }, false);
    expect(JSON.stringify({ ...offline, online: true })).toBe(JSON.stringify(online));
  });

  it("drops a log written by an earlier run and starts the log as online scoring does", () => {
    expect(readFeatureMap({ origin: {}, cf: null, log: { missing_features: ["cf", "cf.score"], mode: "online" } }, false).log).toEqual({ missing_features: ["cf"] });
  });

  it("keeps an absent feature absent and a null one null", () => {
    const fm = readFeatureMap({ origin: {}, cf: null }, false);
    expect("cf" in fm && fm.cf === null).toBe(true);
    expect("user_vec" in readFeatureMap({ origin: {} }, false)).toBe(false);
  });

  it.each([
    [[1], "Expected a featureMap object"],
    [null, "Expected a featureMap object"],
    [{ user_vec: [1] }, 'A featureMap needs an "origin" object'],
  ])("refuses %j", (value, message) => {
    expect(() => readFeatureMap(value, false)).toThrow(message);
  });
});
