import net from "node:net";
import { ResponseParser } from "./response-parser";

/** An answer to a GET: the status, and the body of a 200. */
export interface Answer {
  status: number;
  body: Buffer | null;
}

export interface PlainHttpOptions {
  host: string;
  port: number;
  /** The Host header: the URL's host (with its port when not 80). */
  hostHeader: string;
  /** Header lines every request carries (each "Name: value"), after Host. */
  headers: string[];
  maxBodyBytes: number;
}

export interface PlainHttpTransport {
  /** GETs `path`; rejects when no byte came for `timeoutMs`, the connection failed or the answer is malformed. */
  get(path: string, timeoutMs: number): Promise<Answer>;
  /** Ends every connection; requests in flight reject. */
  close(): void;
}

/** Errors of a kept-alive socket the server closed just as it was reused: asked again at once. */
const STALE_SOCKET_CODES = new Set(["ECONNRESET", "EPIPE"]);

interface Pending {
  path: string;
  timeoutMs: number;
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
}

class Connection {
  readonly parser: ResponseParser;
  pending: Pending | null = null;
  /** It carried a request before this one (so the server may have closed it meanwhile). */
  reused = false;
  constructor(
    readonly socket: net.Socket,
    maxBodyBytes: number,
  ) {
    this.parser = new ResponseParser(maxBodyBytes);
  }
}

/**
 * GET over plain HTTP/1.1 on kept-alive sockets, without node:http: the config long-poll's
 * transport for http:// centers (https:// ones keep node:https). A service may run thousands
 * of clients and a release wakes them all at once; node:http's request, agent, parser and
 * response stream cost about as much per long-poll as everything else the client does. Here a
 * request is one prepared string written to a socket of the pool, and its answer is read by a
 * small strict parser (response-parser.ts) from the socket's data events; the listeners are
 * the socket's own, set once. A socket goes back to the pool when its answer allows it
 * (keep-alive, nothing more sent), is unreferenced while idle (as node:http's agent does) and
 * is dropped when the server closes it; a request that finds its reused socket closed under it
 * before any byte of an answer is asked again at once on a new one.
 */
export function createPlainHttpTransport(options: PlainHttpOptions): PlainHttpTransport {
  const head = ` HTTP/1.1\r\nHost: ${options.hostHeader}\r\n${options.headers.map((line) => `${line}\r\n`).join("")}Connection: keep-alive\r\n\r\n`;
  const idle: Connection[] = [];
  const open = new Set<Connection>();
  let closed = false;

  const connect = (): Connection => {
    const socket = net.connect({ host: options.host, port: options.port });
    socket.setNoDelay(true);
    const connection = new Connection(socket, options.maxBodyBytes);
    open.add(connection);
    socket.on("data", (chunk: Buffer) => onData(connection, chunk));
    socket.on("end", () => onEnd(connection));
    socket.on("timeout", () => fail(connection, new Error(`no answer within ${connection.pending?.timeoutMs ?? 0} ms`)));
    socket.on("error", (error) => fail(connection, error));
    socket.on("close", () => fail(connection, Object.assign(new Error("the connection closed"), { code: "ECONNRESET" })));
    return connection;
  };

  const send = (connection: Connection, pending: Pending) => {
    connection.pending = pending;
    connection.parser.reset();
    const { socket } = connection;
    socket.ref();
    socket.setTimeout(pending.timeoutMs);
    socket.write(`GET ${pending.path}${head}`, "latin1");
  };

  const get = (path: string, timeoutMs: number, fresh = false): Promise<Answer> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new Error("the client is closed"));
      const reusable = fresh ? undefined : idle.pop();
      const connection = reusable ?? connect();
      connection.reused = reusable !== undefined;
      send(connection, { path, timeoutMs, resolve, reject });
    });

  const onData = (connection: Connection, chunk: Buffer) => {
    const { pending, parser } = connection;
    // Bytes while no request is out: nothing the server should send.
    if (!pending) return void drop(connection);
    let answer;
    try {
      answer = parser.push(chunk);
    } catch (error) {
      return fail(connection, error as Error);
    }
    if (answer) done(connection, pending, answer.keepAlive, { status: answer.status, body: answer.body });
  };

  const onEnd = (connection: Connection) => {
    const { pending, parser } = connection;
    if (!pending || !parser.started) {
      return fail(connection, Object.assign(new Error("the connection closed"), { code: "ECONNRESET" }));
    }
    let answer;
    try {
      answer = parser.end();
    } catch (error) {
      return fail(connection, error as Error);
    }
    done(connection, pending, false, { status: answer.status, body: answer.body });
  };

  const done = (connection: Connection, pending: Pending, keepAlive: boolean, answer: Answer) => {
    connection.pending = null;
    if (keepAlive && !closed) {
      const { socket } = connection;
      socket.setTimeout(0);
      socket.unref();
      idle.push(connection);
    } else {
      drop(connection);
    }
    pending.resolve(answer);
  };

  /** The connection is broken or closed: its request, if any, fails or is asked again. */
  const fail = (connection: Connection, error: NodeJS.ErrnoException) => {
    const { pending } = connection;
    drop(connection);
    if (!pending) return;
    connection.pending = null;
    const stale = connection.reused && !connection.parser.started && STALE_SOCKET_CODES.has(error.code ?? "");
    if (stale && !closed) get(pending.path, pending.timeoutMs, true).then(pending.resolve, pending.reject);
    else pending.reject(error);
  };

  const drop = (connection: Connection) => {
    if (!open.delete(connection)) return;
    const at = idle.indexOf(connection);
    if (at >= 0) idle.splice(at, 1);
    connection.socket.destroy();
  };

  return {
    get,
    close() {
      closed = true;
      for (const connection of [...open]) fail(connection, new Error("the client is closed"));
    },
  };
}
