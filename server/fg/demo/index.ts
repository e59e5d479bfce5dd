import type { FgPackage } from "@/server/contracts/fg";
import { DNN_FG_CODE, DNN_FG_SPEC } from "./dnn-fg";
import { LR_FG_SPEC } from "./lr-fg";

export { DNN_FG_CODE, DNN_FG_SPEC } from "./dnn-fg";
export { LR_FG_SPEC } from "./lr-fg";

/** The fg packages of the articles' favpush solutions, for seeding and demos. */
export const DEMO_FG_PACKAGES: { class: string; version: string; pkg: FgPackage }[] = [
  { class: "com.xxx.ranking.fg.LRFg", version: "v2", pkg: { kind: "declarative", spec: LR_FG_SPEC } },
  { class: "com.xxx.ranking.fg.DNNFg", version: "v2", pkg: { kind: "declarative", spec: DNN_FG_SPEC } },
];

/** DNNFg as hand-written code, registerable as another version of the same class. */
export const DEMO_DNN_CODE_PACKAGE: FgPackage = { kind: "code", source: DNN_FG_CODE };
