import type { SystemActor } from "@/server/auth/actor";

/** Who the audit log and node histories name for the engine's own steps. */
export const DAG_ENGINE: SystemActor = { type: "system", name: "dag-engine" };

/** Who they name for a hook's callback: the one-time token is its only credential. */
export const HOOK_CALLBACK: SystemActor = { type: "system", name: "hook-callback" };
