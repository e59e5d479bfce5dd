import type { FgPackage } from "@/server/contracts/fg";
import type { PublishFgVersionInput } from "@/server/contracts/fg-packages";
import { DNN_FG_CODE, DNN_FG_SPEC } from "./dnn-fg";
import { LR_FG_SPEC } from "./lr-fg";

export { DNN_FG_CODE, DNN_FG_SPEC } from "./dnn-fg";
export { LR_FG_SPEC } from "./lr-fg";

/** The fg packages the articles' favpush solutions name: LRFg@v2 and DNNFg@v2, declarative. */
export const DEMO_FG_PACKAGES: { class: string; version: string; pkg: FgPackage }[] = [
  { class: "com.xxx.ranking.fg.LRFg", version: "v2", pkg: { kind: "declarative", spec: LR_FG_SPEC } },
  { class: "com.xxx.ranking.fg.DNNFg", version: "v2", pkg: { kind: "declarative", spec: DNN_FG_SPEC } },
];

/** DNNFg as hand-written code, registerable as another version of the same class. */
export const DEMO_DNN_CODE_PACKAGE: FgPackage = { kind: "code", source: DNN_FG_CODE };

/** The fg versions the demo world publishes: LRFg@v2, DNNFg@v2 (declarative) and DNNFg@v3, the same DNNFg as code. */
export function favpushFgVersions(): PublishFgVersionInput[] {
  return [
    ...DEMO_FG_PACKAGES.map((p) => ({ className: p.class, version: p.version, description: `Demo ${simpleName(p.class)} (declarative)`, package: p.pkg })),
    {
      className: "com.xxx.ranking.fg.DNNFg",
      version: "v3",
      description: "DNNFg v2 rewritten as code: the same TensorIO, built by a JavaScript build(featureMap)",
      package: DEMO_DNN_CODE_PACKAGE,
    },
  ];
}

function simpleName(className: string): string {
  return className.slice(className.lastIndexOf(".") + 1);
}
