// The client-safe core (README.md beside this file): pure TypeScript that the browser, the
// server, the SDK and the scoring runtime share. Importers may take a module directly
// (`@/sdk/src/core/solutions/bucket-ranges`) or everything from here.
export * from "./core-error";
export * from "./bucketing";

export * from "./published/types";
export * from "./published/read-solutions";
export * from "./published/etcd-layout";
export * from "./published/pick-solution";

export * from "./solutions/solution-types";
export * from "./solutions/published-app-settings";
export * from "./solutions/app-block-change";
export * from "./solutions/bucket-assignment";
export * from "./solutions/bucket-count";
export * from "./solutions/bucket-ranges";
export * from "./solutions/validate-split";
export * from "./solutions/diff-solutions";
export * from "./solutions/summarize-move";
export * from "./solutions/compare-solutions";
export * from "./solutions/export-solutions-document";
export * from "./solutions/traffic-preview";

export * from "./dag/graph-types";
export * from "./dag/index-dag";
export * from "./dag/topological-order";
export * from "./dag/layout-dag";

export * from "./template/template-types";
export * from "./template/template-ast";
export * from "./template/closest-name";
export * from "./template/parse-template";
export * from "./template/validate-template";
export * from "./template/check-template-in-context";
export * from "./template/complete-template";
export * from "./template/render-template";

export * from "./releases/release-diff";
export * from "./releases/diff-rows";

export * from "./telemetry";
