export * from "./histogram";
export * from "./series";
export * from "./report";
export * from "./chi-square";
