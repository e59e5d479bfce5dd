import type { Solution } from "../solutions/solution-types";

export type { Solution };

/** One release of an app as the config center serves it (same shape in HTTP and etcd mode). */
export interface PublishedConfig {
  app: string;
  /** Grows with every release; HTTP mode: the console's revision, etcd mode: the etcd revision. */
  revision: number;
  releaseId: string;
  /**
   * The solutions document: `{ app_name, solutions: [...], app: { bucket_count, hash_key, salt } }`.
   * The console writes `app` (the app's bucket settings) into every release; a document without
   * it was published by hand or by an older console.
   */
  document: unknown;
  versions: Record<string, string>;
}

export interface AppSettings {
  bucketCount: number;
  /** The `origin` field that is hashed. */
  hashKey: string;
  salt: string;
}

export interface PickedSolution {
  bucket: number;
  solution: Solution;
}

interface CommonOptions {
  /** The apps this client follows (one of `app` / `apps` at least). */
  app?: string;
  apps?: string[];
  /** Where the last good configs are kept, so a restart works while the center is down. */
  cacheFile?: string;
  /** Problems met in the background (center down, bad document); the client keeps serving. */
  onError?: (error: Error) => void;
  /** Backoff between attempts after an error. */
  retry?: { minMs?: number; maxMs?: number };
}

export interface HttpClientOptions extends CommonOptions {
  /** The console's base URL, e.g. `https://console.example.com`. */
  url: string;
  /** An API token of the console. */
  token: string;
  /** How long the center may hold a long-poll request open, in seconds (default 30). */
  waitSeconds?: number;
}

export interface EtcdClientOptions extends CommonOptions {
  etcd: { endpoints: string[]; prefix: string };
}

export type ConfigClientOptions = HttpClientOptions | EtcdClientOptions;

export interface ConfigClient {
  /** The app's current release, or null when it has never been published. */
  getConfig(app: string): PublishedConfig | null;
  getSolutions(app: string): Solution[];
  getVersion(app: string, key: string): string | undefined;
  getSettings(app: string): AppSettings;
  resolveBucket(app: string, keyValue: string | number | bigint): number;
  /** The bucket of the request's hash-key field and the solution that owns it. */
  pickSolution(app: string, origin: Record<string, unknown>): PickedSolution;
  /** Called with each newer release of any followed app; returns an unsubscribe function. */
  onChange(listener: (config: PublishedConfig) => void): () => void;
  close(): Promise<void>;
}

export type ConfigClientErrorCode =
  | "unknown_app"
  | "not_published"
  | "invalid_document"
  | "missing_hash_key"
  | "no_solution"
  | "unreachable"
  | "unauthorized"
  | "bad_response";

export class ConfigClientError extends Error {
  readonly code: ConfigClientErrorCode;

  constructor(code: ConfigClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigClientError";
    this.code = code;
  }
}

/** What was thrown, as an Error for onError. */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
