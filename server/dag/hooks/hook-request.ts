/** A hook request prepared (and committed as a `calling` row) by the engine, ready to send. */
export interface HookRequest {
  callId: string;
  app: string;
  node: string;
  version: string;
  attempt: number;
  /** Without credentials: those in the node's URL are in `headers` (Basic authorization). */
  url: string;
  /** The URL as messages and history show it (credentials masked). */
  shownUrl: string;
  method: "POST" | "PUT";
  headers: Record<string, string>;
  /** The exact JSON bytes that were signed. */
  body: string;
  timeoutMs: number;
}

/** What a hook receiver gets (the body of the signed request). */
export interface HookPayload {
  app: string;
  node: string;
  version: string;
  attempt: number;
  /** Predecessor key -> the online version this ready version was built from. */
  predecessors: Record<string, string | null>;
  /** POST `{ "status": "success" | "failure", "message"?: "…" }` here, once. */
  callbackUrl: string;
  callId: string;
  sentAt: string;
}
