export * from "./users";
export * from "./sessions";
export * from "./api-tokens";
export * from "./audit-log";
export * from "./apps";
