// The runtime's cache (sdk/src/runtime/adapters/ttl-cache.ts): trials and production services
// reuse metadata lookups the same way.
export { TtlCache as LookupCache } from "@/sdk/src/runtime/adapters/ttl-cache";
