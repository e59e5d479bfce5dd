import http from "node:http";
import type { AddressInfo } from "node:net";
import { SIGNATURE_HEADER, verifySignature } from "@/server/dag/hooks/sign-body";
import type { HookPayload } from "@/server/dag/hooks/hook-request";

export interface ReceivedHook {
  path: string;
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  payload: HookPayload;
  /** The X-Scoring-Signature header matched the body under the receiver's secret. */
  signatureValid: boolean;
}

/** What the receiver does with a request: answer with this status, or drop the connection. */
export type HookReply = number | "drop";

/**
 * A real HTTP hook receiver on a loopback port for tests: records every request, checks its
 * signature with `secret`, and answers as `reply` says (202 by default).
 */
export async function startHookReceiver(opts: { secret?: string; reply?: (hook: ReceivedHook) => HookReply } = {}) {
  const received: ReceivedHook[] = [];
  let secret = opts.secret ?? "";
  let reply = opts.reply ?? (() => 202);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let payload = {} as HookPayload;
      try {
        payload = JSON.parse(body) as HookPayload;
      } catch {
        // recorded as is; the test looks at it
      }
      const hook: ReceivedHook = {
        path: req.url ?? "/",
        method: req.method ?? "",
        headers: req.headers,
        body,
        payload,
        signatureValid: verifySignature(secret, body, req.headers[SIGNATURE_HEADER] as string | undefined),
      };
      received.push(hook);
      const answer = reply(hook);
      if (answer === "drop") {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: answer < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    setSecret(value: string) {
      secret = value;
    },
    setReply(fn: (hook: ReceivedHook) => HookReply) {
      reply = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The one-time token inside a hook payload's callback URL. */
export function callbackToken(payload: HookPayload): string {
  return payload.callbackUrl.split("/").pop()!;
}
