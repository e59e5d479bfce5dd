/** Messages between test/support/sdk-fanout.ts and its worker processes (sdk-fanout-worker.ts). */
export interface FanoutStart {
  url: string;
  token: string;
  app: string;
  /** The version key whose value names each release. */
  versionKey: string;
  count: number;
  waitSeconds: number;
  /** Clients created at once. */
  slice: number;
}

export interface FanoutReport {
  /** Per client, in the order its callbacks ran: the version each one carried, and when (ms, wall clock). */
  versions: string[][];
  at: number[][];
  errorCount: number;
  errors: string[];
}

export type ToWorker = { type: "start"; options: FanoutStart } | { type: "report" } | { type: "close" };

export type ToParent =
  | { type: "ready"; count: number }
  | { type: "failed"; message: string }
  | { type: "all"; version: string; cpuMs: number }
  | { type: "report"; report: FanoutReport };
