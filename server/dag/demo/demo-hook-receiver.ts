import http from "node:http";
import type { AddressInfo } from "node:net";
import type { HookPayload } from "../hooks/hook-request";
import type { DemoHookOutcome } from "./demo-hooks";
import { SIGNATURE_HEADER, verifySignature } from "../hooks/sign-body";
import { logError } from "@/server/log/loggable-error";

/** Marks the allow-list entries of the demo hook receiver (start-dag-runtime.ts starts it for them; db/seed writes them). */
export const DEMO_HOOK_DESCRIPTION = "Demo hook receiver (npm start runs it on this loopback port)";

export interface DemoHookReceiver {
  port: number;
  url(path: string): string;
  close(): Promise<void>;
}

export interface DemoHookReceiverOptions {
  port: number;
  /** The signing secret of an allow-listed URL (null: not allow-listed, the request is refused). */
  secretFor(url: string): Promise<string | null>;
  /** How long the "loader" works before it calls back. */
  delayMs?: number;
  /**
   * What the hook does for a node and version (runDemoHook in demo-hooks.ts: loads the rows, or
   * checks the model); by default every call succeeds but a validation of a "bad" version.
   */
  act?(hook: { node: string; version: string; validating: boolean }): Promise<DemoHookOutcome>;
}

/**
 * The stand-in for a data loader and a validator that `npm start` runs beside the demo DAG
 * (a development tool, on a loopback port): it checks the request's signature, answers 202,
 * and after a short while calls the callback URL with what `act` answered (start-dag-runtime.ts
 * gives it runDemoHook: the loaders load rows, the validators check). A version containing
 * "bad" fails validation, to show a failed node and its retry.
 */
export async function startDemoHookReceiver(opts: DemoHookReceiverOptions): Promise<DemoHookReceiver> {
  const delayMs = opts.delayMs ?? 800;
  let port = opts.port;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const url = `http://127.0.0.1:${port}${req.url ?? "/"}`;
        const secret = await opts.secretFor(url);
        if (req.method !== "POST" && req.method !== "PUT") return reply(res, 405, { error: "POST a hook payload" });
        if (!secret || !verifySignature(secret, body, req.headers[SIGNATURE_HEADER] as string | undefined)) {
          return reply(res, 401, { error: "bad signature" });
        }
        const payload = JSON.parse(body) as HookPayload;
        reply(res, 202, { accepted: true, node: payload.node, version: payload.version });
        const validating = (req.url ?? "").includes("validate");
        const act = opts.act ?? defaultAct;
        setTimeout(() => {
          void (async () => {
            const outcome = await act({ node: payload.node, version: payload.version, validating }).catch((e: unknown) => ({ ok: false, message: `the demo hook failed: ${e instanceof Error ? e.message : String(e)}` }));
            await fetch(payload.callbackUrl, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(outcome.ok ? { status: "success", message: outcome.message } : { status: "failure", message: outcome.message }),
            });
          })().catch((e: unknown) => logError("[demo hooks] callback failed", e));
        }, delayMs).unref();
      })().catch(() => reply(res, 400, { error: "bad request" }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function defaultAct(hook: { node: string; version: string; validating: boolean }): Promise<DemoHookOutcome> {
  if (hook.validating && hook.version.includes("bad")) return { ok: false, message: `validation of ${hook.version} failed: the demo validator refuses versions containing "bad"` };
  return { ok: true, message: `${hook.validating ? "validated" : "loaded"} ${hook.node} ${hook.version}` };
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
