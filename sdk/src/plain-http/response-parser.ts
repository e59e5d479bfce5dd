/** What an HTTP/1.1 response came to. */
export interface ParsedResponse {
  status: number;
  /** The body of a 200 (other answers' bodies are read and dropped). */
  body: Buffer | null;
  /** The connection may carry the next request. */
  keepAlive: boolean;
}

/** A response head longer than this is not from a config center. */
const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line or trailer line longer than this is malformed. */
const MAX_LINE_BYTES = 4 * 1024;
const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");

type State = "head" | "length" | "chunk-size" | "chunk-data" | "chunk-end" | "trailers" | "until-close" | "done";

/**
 * A small, strict parser of one HTTP/1.x response to a GET at a time (the config long-poll's
 * plain-http transport, plain-http-transport.ts): a head ended by CRLF CRLF, then a body by
 * Content-Length, chunked or up to the end of the connection; 1xx answers skipped; 204 and
 * 304 have no body. Anything malformed or over `maxBody` throws. Bytes past the end of the
 * response (nothing should follow an answer to a GET) make the connection not reusable.
 *
 * Feed every chunk the socket reads to push(); it returns the response once complete, else
 * null. At the end of the connection call end(): it returns a response read up to the close,
 * else throws. reset() readies it for the connection's next response.
 */
export class ResponseParser {
  private state: State = "head";
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** The last 3 bytes of `pending`. */
  private tail: Buffer = Buffer.alloc(0);
  private status = 0;
  private keepAlive = true;
  private keep = false;
  private remaining = 0;
  private size = 0;
  private chunks: Buffer[] = [];
  private line = "";
  /** Some byte of the response was read. */
  started = false;
  /** Bytes read past the end of the response. */
  extra = false;

  constructor(private readonly maxBody: number) {}

  reset(): void {
    this.state = "head";
    this.pending = [];
    this.pendingLength = 0;
    this.tail = Buffer.alloc(0);
    this.status = 0;
    this.keepAlive = true;
    this.keep = false;
    this.remaining = 0;
    this.size = 0;
    this.chunks = [];
    this.line = "";
    this.started = false;
    this.extra = false;
  }

  push(chunk: Buffer): ParsedResponse | null {
    if (chunk.length === 0) return null;
    this.started = true;
    if (this.state === "done") {
      this.extra = true;
      return null;
    }
    let data = chunk;
    let at = 0;
    while (at < data.length) {
      switch (this.state as State) {
        case "head": {
          const fresh = data.subarray(at);
          // Searched from a little before the new bytes: the CRLF CRLF may straddle two reads.
          const tail = this.pendingLength === 0 ? fresh : Buffer.concat([this.tail, fresh]);
          const found = tail.indexOf(HEAD_END);
          const end = found < 0 ? -1 : this.pendingLength - this.tail.length + found;
          if (end < 0 ? this.pendingLength + fresh.length > MAX_HEAD_BYTES : end > MAX_HEAD_BYTES) {
            throw new Error(`the answer's head is over ${MAX_HEAD_BYTES} bytes`);
          }
          if (end < 0) {
            // Kept as read (copied once when the head is complete, not at every read).
            this.pending.push(fresh);
            this.pendingLength += fresh.length;
            this.tail = tail.subarray(-3);
            return null;
          }
          const joined = this.pendingLength === 0 ? fresh : Buffer.concat([...this.pending, fresh]);
          this.pending = [];
          this.pendingLength = 0;
          this.readHead(joined.toString("latin1", 0, end));
          data = joined;
          at = end + 4;
          if ((this.state as State) === "done") return this.finish(data, at);
          break;
        }
        case "length": {
          const take = Math.min(this.remaining, data.length - at);
          this.add(data.subarray(at, at + take));
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) {
            this.state = "done";
            return this.finish(data, at);
          }
          break;
        }
        case "chunk-size": {
          const line = this.readLine(data, at);
          if (line === null) return null;
          at = line.next;
          const match = /^([0-9A-Fa-f]{1,8})[ \t]*(?:;.*)?$/.exec(line.text);
          if (!match) throw new Error("the answer has a malformed chunk size");
          this.remaining = parseInt(match[1]!, 16);
          this.state = this.remaining === 0 ? "trailers" : "chunk-data";
          break;
        }
        case "chunk-data": {
          const take = Math.min(this.remaining, data.length - at);
          this.add(data.subarray(at, at + take));
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) this.state = "chunk-end";
          break;
        }
        case "chunk-end": {
          const line = this.readLine(data, at);
          if (line === null) return null;
          at = line.next;
          if (line.text !== "") throw new Error("the answer has a chunk not ended by CRLF");
          this.state = "chunk-size";
          break;
        }
        case "trailers": {
          const line = this.readLine(data, at);
          if (line === null) return null;
          at = line.next;
          if (line.text === "") {
            this.state = "done";
            return this.finish(data, at);
          }
          break;
        }
        case "until-close": {
          this.add(data.subarray(at));
          at = data.length;
          break;
        }
        case "done":
          return null;
      }
    }
    return null;
  }

  /** The connection ended: the response if it was read up to the close, else throws. */
  end(): ParsedResponse {
    if (this.state !== "until-close") throw new Error("the answer was cut off");
    this.state = "done";
    return this.result();
  }

  private readHead(head: string): void {
    let lineEnd = head.indexOf("\r\n");
    if (lineEnd < 0) lineEnd = head.length;
    const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(head.slice(0, lineEnd));
    if (!statusLine) throw new Error("the answer is not HTTP/1.x");
    const status = Number(statusLine[2]);
    const http10 = statusLine[1] === "0";
    let contentLength: number | null = null;
    let transferEncoding: string | null = null;
    let close = http10;
    // Line by line without split() or a regular expression per line: thousands of clients in a
    // process read a head each per release; only three names matter, told apart by length first.
    for (let start = lineEnd + 2; start < head.length; start = lineEnd + 2) {
      lineEnd = head.indexOf("\r\n", start);
      if (lineEnd < 0) lineEnd = head.length;
      const colon = head.indexOf(":", start);
      if (colon <= start || colon > lineEnd) throw new Error("the answer has a malformed header");
      // No folded lines (obsolete) and no name with spaces: a strict reader refuses them.
      for (let i = start; i < colon; i++) {
        const code = head.charCodeAt(i);
        if (code === 0x20 || code === 0x09) throw new Error("the answer has a malformed header");
      }
      const length = colon - start;
      if (length !== 14 && length !== 17 && length !== 10) continue;
      const name = head.slice(start, colon).toLowerCase();
      if (name !== "content-length" && name !== "transfer-encoding" && name !== "connection") continue;
      const value = head.slice(colon + 1, lineEnd).trim();
      if (name === "content-length") {
        if (!/^\d{1,15}$/.test(value) || (contentLength !== null && contentLength !== Number(value))) {
          throw new Error("the answer has a malformed Content-Length");
        }
        contentLength = Number(value);
      } else if (name === "transfer-encoding") {
        transferEncoding = transferEncoding === null ? value : `${transferEncoding}, ${value}`;
      } else {
        const tokens = value.toLowerCase().split(",").map((token) => token.trim());
        if (tokens.includes("close")) close = true;
        else if (tokens.includes("keep-alive") && http10) close = false;
      }
    }
    if (status >= 100 && status < 200) {
      // An interim answer (100 Continue, 103 Early Hints): the real one follows.
      if (status === 101) throw new Error("the answer switched protocols");
      this.state = "head";
      return;
    }
    this.status = status;
    this.keep = status === 200;
    this.keepAlive = !close;
    if (status === 204 || status === 304) {
      this.state = "done";
    } else if (transferEncoding !== null) {
      const codings = transferEncoding.toLowerCase().split(",").map((coding) => coding.trim());
      if (codings.at(-1) === "chunked") {
        if (codings.length > 1) throw new Error("the answer has a transfer coding other than chunked");
        this.state = "chunk-size";
      } else {
        this.state = "until-close";
        this.keepAlive = false;
      }
    } else if (contentLength !== null) {
      if (this.keep && contentLength > this.maxBody) throw new Error(`the answer is over ${this.maxBody} bytes`);
      this.remaining = contentLength;
      this.state = contentLength === 0 ? "done" : "length";
    } else {
      this.state = "until-close";
      this.keepAlive = false;
    }
  }

  /** The next CRLF-ended line from `at` (joined with a part read before), or null to wait for more. */
  private readLine(data: Buffer, at: number): { text: string; next: number } | null {
    const end = data.indexOf(CRLF, at);
    // A CR at the end of the previous read and LF at the start of this one.
    if (this.line.endsWith("\r") && data[at] === 0x0a) {
      const text = this.line.slice(0, -1);
      this.line = "";
      return { text, next: at + 1 };
    }
    if (end < 0) {
      this.line += data.toString("latin1", at);
      if (this.line.length > MAX_LINE_BYTES) throw new Error("the answer has a chunk line that is too long");
      return null;
    }
    const text = this.line + data.toString("latin1", at, end);
    this.line = "";
    if (text.length > MAX_LINE_BYTES) throw new Error("the answer has a chunk line that is too long");
    return { text, next: end + 2 };
  }

  private add(part: Buffer): void {
    if (part.length === 0) return;
    this.size += part.length;
    if (this.size > this.maxBody) throw new Error(`the answer is over ${this.maxBody} bytes`);
    // Other answers' bodies are read only to reach the end of the response.
    if (this.keep) this.chunks.push(part);
  }

  private finish(data: Buffer, at: number): ParsedResponse {
    if (at < data.length) this.extra = true;
    return this.result();
  }

  private result(): ParsedResponse {
    const { chunks } = this;
    const body = !this.keep ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    return { status: this.status, body, keepAlive: this.keepAlive && !this.extra };
  }
}
