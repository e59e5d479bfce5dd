import { maskUrlCredentials } from "@/server/contracts/dag-secrets";
import type { HookRequest } from "./hook-request";

export type HookAnswer =
  /** 2xx: the receiver took the call and will confirm through the callback. */
  | { kind: "accepted"; status: number }
  /** 4xx (but 408/429): the receiver refused this call; retrying it would not help. */
  | { kind: "refused"; status: number; message: string }
  /** Network error, timeout, 408, 429 or 5xx: worth retrying after a backoff. */
  | { kind: "unreachable"; status: number | null; message: string };

/** Sends one prepared hook request (no retries here: the engine decides, with backoff). */
export async function sendHook(request: HookRequest, signal?: AbortSignal): Promise<HookAnswer> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  let res: Response;
  try {
    res = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (e) {
    const reason = timeout.aborted ? `no answer within ${request.timeoutMs} ms` : describeError(e);
    return { kind: "unreachable", status: null, message: maskUrlCredentials(`${request.shownUrl} could not be reached: ${reason}`) };
  }
  const text = await res.text().catch(() => "");
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 300);
  const message = `${request.shownUrl} answered ${res.status}${snippet ? `: ${snippet}` : ""}`;
  if (res.status >= 200 && res.status < 300) return { kind: "accepted", status: res.status };
  if (res.status >= 500 || res.status === 408 || res.status === 429) return { kind: "unreachable", status: res.status, message };
  return { kind: "refused", status: res.status, message };
}

function describeError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message;
}
