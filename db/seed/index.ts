export * from "./favpush";
export * from "./seed-favpush-world";
