import type { IncomingMessage } from "node:http";

type Chunk = ReadableStreamReadResult<Uint8Array>;

/**
 * The part of a request body's web stream that readBodyText (read-body.ts) uses, getReader()
 * with read() and cancel(), straight over Node's request: no web stream per request. Chunks are
 * pulled one read() at a time, so an oversized body is never read past the chunk that passes
 * the limit. cancel() stops reading and leaves the socket be: serveRouteOverNode closes the
 * connection after its answer when the body was not read to its end.
 */
export function nodeBodyOf(req: IncomingMessage): Pick<ReadableStream<Uint8Array>, "getReader"> {
  return {
    getReader: () =>
      ({
        read: () => nextChunk(req),
        cancel: async () => {},
      }) as unknown as ReadableStreamDefaultReader<Uint8Array>,
  } as Pick<ReadableStream<Uint8Array>, "getReader">;
}

function nextChunk(req: IncomingMessage): Promise<Chunk> {
  const now = take(req);
  if (now) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void) => {
      req.off("readable", onReadable);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      outcome();
    };
    const onReadable = () => {
      const chunk = take(req);
      if (chunk) settle(() => resolve(chunk));
    };
    const onEnd = () => settle(() => resolve({ done: true, value: undefined }));
    const onError = (error: Error) => settle(() => reject(error));
    // The client went away before the body's end (Next.js's body stream errors likewise).
    const onClose = () => settle(() => (req.readableEnded ? resolve({ done: true, value: undefined }) : reject(new Error("aborted"))));
    req.on("readable", onReadable);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

function take(req: IncomingMessage): Chunk | undefined {
  if (req.readableEnded) return { done: true, value: undefined };
  const chunk = req.read() as Buffer | null;
  return chunk === null ? undefined : { done: false, value: chunk };
}
