import type { IncomingMessage } from "node:http";

/** A body the service refuses: too big (413), not JSON (400), not JSON's content type (415). */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/**
 * The request's JSON body, read up to `limit` bytes: a declared length over it is refused before
 * reading, a stream that grows past it is cut off there (nothing past the limit is buffered).
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers["content-type"];
  if (type !== undefined && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new BodyError(415, "unsupported_media_type", `the body must be application/json, not ${type}`);
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  // Events, not `for await`: an async iterator costs a stream wrapper and promises per request.
  const { chunks, size } = await new Promise<{ chunks: Buffer[]; size: number }>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Nothing past the limit is buffered: the rest of the body is drained and dropped.
        req.resume();
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ chunks, size });
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const onClose = () => {
      cleanup();
      reject(new Error("the client went away before the body ended"));
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
  const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BodyError(400, "bad_request", `the body is not JSON: ${(e as Error).message}`);
  }
}

function tooLarge(limit: number): BodyError {
  return new BodyError(413, "payload_too_large", `the body is larger than ${limit} bytes`, { limit });
}
