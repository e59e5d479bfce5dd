/** What a sandbox worker thread loads (sandbox-pool.ts): the engine, a call, a batch, and how errors cross back. */
export { loadSandboxEngine, runCodeFgInThisThread } from "./run-code-fg";
export { runCodeFgBatchInThisThread } from "./run-code-fg-batch";
export { toSandboxError } from "./sandbox-error";
