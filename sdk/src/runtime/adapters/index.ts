// Adapters a production service wires into the runtime's ports (README.md one folder up).
export * from "./console-api";
export * from "./connections";
export * from "./feature-tables";
export * from "./console-fg-packages";
export * from "./console-registry";
export * from "./config-from-client";
export * from "./ttl-cache";
