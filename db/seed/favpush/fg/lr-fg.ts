import type { DeclarativeSpec } from "@/server/contracts/fg";

/**
 * The articles' LRFg as a declarative fg: one input `x` = user_vec ++ goods_vec (8 + 8 floats)
 * for the logistic regression favpush_lr, output `y`.
 */
export const LR_FG_SPEC: DeclarativeSpec = {
  inputs: [
    {
      name: "x",
      dtype: "float",
      shape: [1, 16],
      sources: [{ path: "user_vec" }, { path: "goods_vec" }],
    },
  ],
  outputs: [{ name: "y", dtype: "float" }],
};
