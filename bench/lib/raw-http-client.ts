import net from "node:net";

/**
 * A load generator's HTTP/1.1 client at the cost of a socket write and a read: requests are
 * pre-built bytes, an answer is its status and body (Content-Length framing, which is how the
 * scoring service answers; chunked answers are refused). Kept-alive connections, no Nagle, one
 * request at a time on each; as many connections as requests in flight. Node's http client
 * costs the shared core several times this per request (header objects, parser, agent, streams),
 * which in a benchmark is load the service is not responsible for.
 */
export interface RawAnswer {
  status: number;
  body: Buffer;
}

/** The bytes of one request: request line, headers, body. */
export function rawRequest(method: string, host: string, pathname: string, body: string, contentType = "application/json"): Buffer {
  const payload = Buffer.from(body);
  const head = `${method} ${pathname} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: ${contentType}\r\ncontent-length: ${payload.length}\r\nconnection: keep-alive\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), payload]);
}

class Connection {
  private buffered: Buffer | null = null;
  private pending: { resolve: (a: RawAnswer) => void; reject: (e: Error) => void; gotBytes: boolean } | null = null;
  closed = false;
  /** Requests answered on it: a reused connection the server closed while idle is retried once. */
  answered = 0;

  constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.closed = true;
      const p = this.pending;
      this.pending = null;
      p?.reject(Object.assign(new Error("the connection closed before the answer"), { retryable: !p.gotBytes && this.answered > 0 }));
    });
  }

  send(bytes: Buffer): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, gotBytes: false };
      this.socket.write(bytes);
    });
  }

  private onData(chunk: Buffer): void {
    if (this.pending) this.pending.gotBytes = true;
    this.buffered = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    const end = this.buffered.indexOf("\r\n\r\n");
    if (end < 0) return;
    const head = this.buffered.toString("latin1", 0, end);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) {
      this.socket.destroy(new Error(`an answer without content-length: ${head.split("\r\n")[0]}`));
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (this.buffered.length < total) return;
    const status = Number(head.slice(9, 12));
    const body = this.buffered.subarray(end + 4, total);
    this.buffered = this.buffered.length > total ? this.buffered.subarray(total) : null;
    const p = this.pending;
    this.pending = null;
    this.answered++;
    p?.resolve({ status, body });
  }
}

export class RawHttpClient {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  async request(bytes: Buffer): Promise<RawAnswer> {
    let conn = this.idle.pop();
    while (conn?.closed) conn = this.idle.pop();
    conn ??= await this.connect();
    try {
      const answer = await conn.send(bytes);
      this.idle.push(conn);
      return answer;
    } catch (e) {
      if (!(e as { retryable?: boolean }).retryable) throw e;
      return this.request(bytes);
    }
  }

  private connect(): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port }, () => {
        socket.off("error", reject);
        const conn = new Connection(socket);
        this.all.add(conn);
        socket.once("close", () => this.all.delete(conn));
        resolve(conn);
      });
      socket.once("error", reject);
    });
  }

  close(): void {
    for (const conn of this.all) conn.socket.destroy();
    this.all.clear();
    this.idle.length = 0;
  }
}
