import type http from "node:http";

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as JSON, or as text when it is not JSON; null when empty. */
  json: unknown;
}

/** Reads a node:http response to its end, as the fast-route parity tests compare answers. */
export function readHttpAnswer(res: http.IncomingMessage): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (chunk: Buffer) => chunks.push(chunk));
    res.on("error", reject);
    res.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let json: unknown = text;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
    });
  });
}
