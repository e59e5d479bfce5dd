/**
 * The favpush world as data: the app, its solutions (and the articles' document), version map,
 * tables and their rows, fg packages, models and DAG. No database here: db/seed/seed-favpush-world.ts
 * writes it. Import from here where only data is needed (pure-logic tests, e2e, benches).
 */
export * from "./app";
export * from "./dag";
export * from "./fg";
export * from "./models";
export * from "./rows";
export * from "./samples";
export * from "./solutions";
export * from "./tables";
export * from "./versions";
