import type { DeclarativeSpec } from "@/server/contracts/fg";

/**
 * The articles' DNNFg as a declarative fg for favpush_dnn: `user` and `goods` (8 floats each)
 * and `cf` = log1p(cf.score), 0 when the getKKV found no cf map for the pair. Output `y`.
 */
export const DNN_FG_SPEC: DeclarativeSpec = {
  inputs: [
    { name: "user", dtype: "float", shape: [1, 8], sources: [{ path: "user_vec" }] },
    { name: "goods", dtype: "float", shape: [1, 8], sources: [{ path: "goods_vec" }] },
    { name: "cf", dtype: "float", shape: [1, 1], sources: [{ path: "cf.score", default: 0, transforms: [{ op: "log1p" }] }] },
  ],
  outputs: [{ name: "y", dtype: "float" }],
};

/**
 * The same DNNFg as a code fg: what an algorithm engineer would write by hand. It must give the
 * exact TensorIO of DNN_FG_SPEC (and log the missing cf the same way); a test holds them equal.
 */
export const DNN_FG_CODE = `// DNNFg v2: featureMap -> TensorIO for favpush_dnn.
function vector(fm, name, dims) {
  const v = fm[name];
  if (!Array.isArray(v) || v.length !== dims) {
    throw new Error(name + " must be a vector of " + dims + " numbers");
  }
  return v;
}

export function build(fm) {
  let score = fm.cf == null ? undefined : fm.cf.score;
  if (score == null) {
    const missing = Array.isArray(fm.log.missing_features) ? fm.log.missing_features : [];
    if (!missing.includes("cf.score")) missing.push("cf.score");
    fm.log.missing_features = missing;
    score = 0;
  }
  return {
    inputs: [
      { name: "user", dtype: "float", shape: [1, 8], values: vector(fm, "user_vec", 8) },
      { name: "goods", dtype: "float", shape: [1, 8], values: vector(fm, "goods_vec", 8) },
      { name: "cf", dtype: "float", shape: [1, 1], values: [Math.log1p(score)] },
    ],
    outputs: [{ name: "y", dtype: "float" }],
  };
}
`;
