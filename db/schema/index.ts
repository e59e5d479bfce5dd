export * from "./users";
export * from "./sessions";
export * from "./api-tokens";
export * from "./audit-log";
export * from "./apps";
export * from "./models";
export * from "./model-instances";
export * from "./model-operations";
