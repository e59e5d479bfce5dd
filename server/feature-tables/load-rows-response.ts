import type { LoadRowsEvent, LoadRowsResult } from "@/server/contracts/feature-tables";
import { isAppError } from "@/server/errors";
import type { PreparedLoad } from "./load-feature-rows";
import { logError } from "@/server/log/loggable-error";

export const NDJSON = "application/x-ndjson";

/**
 * Answers a checked load: as plain JSON (the result, once written) or, when the client asks
 * for `application/x-ndjson`, as a stream of LoadRowsEvent lines while it writes, so the page
 * can show progress of a large file. The file was checked before the stream starts, so bad
 * lines are still an ordinary 422; a failure while writing comes as an `error` event.
 * A client that goes away cancels the load (its staged rows are deleted; the table stays as it was).
 */
export async function loadRowsResponse(req: Request, load: PreparedLoad): Promise<LoadRowsResult | Response> {
  if (!(req.headers.get("accept") ?? "").includes(NDJSON)) return load.run({ signal: req.signal });

  const abort = new AbortController();
  req.signal.addEventListener("abort", () => abort.abort(), { once: true });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: LoadRowsEvent) => {
        if (!abort.signal.aborted) controller.enqueue(encoder.encode(JSON.stringify(event) + "\n"));
      };
      try {
        const result = await load.run({ signal: abort.signal, onProgress: (done, total) => send({ type: "progress", done, total }) });
        send({ type: "done", result });
      } catch (e) {
        if (!isAppError(e)) logError("[feature-tables] load failed", e);
        send({
          type: "error",
          error: isAppError(e)
            ? { code: e.code, message: e.message, details: e.details }
            : { code: "internal", message: "Writing the rows failed on the server. The error was logged.", details: null },
        });
      } finally {
        if (!abort.signal.aborted) controller.close();
      }
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, {
    status: 200,
    // no-transform keeps compression (which would buffer the events) out of the way.
    headers: { "content-type": `${NDJSON}; charset=utf-8`, "cache-control": "no-store, no-transform", "x-accel-buffering": "no" },
  });
}
