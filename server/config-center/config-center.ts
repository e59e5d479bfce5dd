import type { PublishedConfig } from "@/server/contracts/config-center";

export type { PublishedConfig };

export interface ConfigCenter {
  readonly kind: "builtin" | "etcd";
  /** Idempotent by releaseId: publishing the same release twice returns the first revision and writes nothing. */
  publish(input: { app: string; releaseId: string; document: unknown; versions: Record<string, string> }): Promise<{ revision: number; alreadyPublished: boolean }>;
  read(app: string): Promise<PublishedConfig | null>;
  /** Calls listener for every change after fromRevision; returns a stop function. */
  watch(app: string, fromRevision: number, listener: (config: PublishedConfig) => void): () => void;
  health(): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void>;
}
