import { describe, expect, it } from "vitest";
import { DEMO_DNN_CODE_PACKAGE, DEMO_FG_PACKAGES, DNN_FG_SPEC, LR_FG_SPEC } from "@/db/seed/favpush";
import type { FeatureMap } from "./featuremap";
import { runFg } from "./run-fg";
import { serializeTensorIO } from "./tensor-io";

const vec = (seed: number) => Array.from({ length: 8 }, (_, i) => Math.round(Math.sin(seed * 10 + i) * 1e6) / 1e6);
const fm = (cf: unknown): FeatureMap => ({ origin: { uid: 234, goods_id: 123 }, online: true, log: {}, user_vec: vec(1), goods_vec: vec(2), cf });

describe("runFg with the demo fgs", () => {
  it("LRFg builds x = user_vec ++ goods_vec as float [1,16]", async () => {
    const io = await runFg({ kind: "declarative", spec: LR_FG_SPEC }, fm(null));
    expect(io).toEqual({ inputs: [{ name: "x", dtype: "float", shape: [1, 16], values: [...vec(1), ...vec(2)] }], outputs: [{ name: "y", dtype: "float" }] });
  });

  it("DNNFg builds user, goods and cf = log1p(cf.score)", async () => {
    const io = await runFg({ kind: "declarative", spec: DNN_FG_SPEC }, fm({ score: 3 }));
    expect(io.inputs.map((t) => [t.name, t.shape, t.values.length])).toEqual([
      ["user", [1, 8], 8],
      ["goods", [1, 8], 8],
      ["cf", [1, 1], 1],
    ]);
    expect(io.inputs[2]?.values).toEqual([Math.log1p(3)]);
  });

  it.each([
    ["a cf map", { score: 0.25, other: 1 }],
    ["no cf (getKKV found nothing)", null],
    ["a cf map without score", { other: 1 }],
  ])("the code DNNFg gives the declarative one's exact bytes and log for %s", async (_name, cf) => {
    const declarativeMap = fm(cf);
    const codeMap = fm(cf);
    const declarative = await runFg({ kind: "declarative", spec: DNN_FG_SPEC }, declarativeMap);
    const code = await runFg(DEMO_DNN_CODE_PACKAGE, codeMap);
    expect(serializeTensorIO(code)).toBe(serializeTensorIO(declarative));
    expect(codeMap.log).toEqual(declarativeMap.log);
  });

  it("registers LRFg@v2 and DNNFg@v2 under the articles' class names", () => {
    expect(DEMO_FG_PACKAGES.map((p) => `${p.class}@${p.version}`)).toEqual(["com.xxx.ranking.fg.LRFg@v2", "com.xxx.ranking.fg.DNNFg@v2"]);
  });

  it("re-validates a stored declarative spec and the resulting TensorIO", async () => {
    await expect(runFg({ kind: "declarative", spec: { inputs: [], outputs: [] } as never }, fm(null))).rejects.toMatchObject({ code: "unprocessable" });
    const overflow = { ...LR_FG_SPEC, inputs: [{ name: "x", dtype: "int32" as const, shape: [1], sources: [{ path: "n" }] }] };
    await expect(runFg({ kind: "declarative", spec: overflow }, { ...fm(null), n: 2 ** 40 })).rejects.toMatchObject({
      code: "unprocessable",
      details: { problems: [{ path: "$.inputs[0].values[0]" }] },
    });
  });
});
