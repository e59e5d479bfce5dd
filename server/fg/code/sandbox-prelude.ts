/**
 * Script evaluated in each fresh sandbox BEFORE the fg source. It captures JSON.parse and
 * JSON.stringify first, so an fg that replaces them can only garble its own result (which is
 * validated anyway), and provides the CommonJS `module` / `exports` globals.
 *
 * It evaluates to the harness the host calls: pick (find build), parse (the featureMap from
 * JSON), finish (the result and featureMap.log back to JSON).
 */
export const SANDBOX_PRELUDE = String.raw`(() => {
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  globalThis.module = { exports: {} };
  globalThis.exports = globalThis.module.exports;
  const fn = (f) => (typeof f === "function" ? f : undefined);
  return {
    pick(ns) {
      const cjs = globalThis.module && globalThis.module.exports;
      return fn(ns.build) || fn(ns.default) || (cjs ? fn(cjs.build) : undefined);
    },
    parse(text) {
      return parse(text);
    },
    finish(result, featureMap) {
      if (result === undefined) throw new TypeError("build() returned nothing");
      if (result !== null && typeof result === "object" && typeof result.then === "function") {
        throw new TypeError("build() returned a Promise; build must be synchronous");
      }
      return stringify({ io: result, log: featureMap.log });
    },
  };
})()`;
